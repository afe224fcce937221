package dev.coord.log;

/**
 * NoSpaceException reports that a write to the log or to a snapshot failed because the file system
 * holding {@link #directory()} is full. Nothing the failed call was writing is kept; what was written
 * before it is untouched, and the writer may try again once space has been freed.
 */
public final class NoSpaceException extends RuntimeException {
    private final String directory;

    public NoSpaceException(String directory, Throwable cause) {
        super("no space left in " + directory + ": free space there and the peer resumes by itself", cause);
        this.directory = directory;
    }

    /** The directory whose file system is full. */
    public String directory() {
        return directory;
    }
}
