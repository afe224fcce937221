package dev.coord.log.file;

/**
 * MappedFaults raises, on the calling thread, the error of a store or load into a memory-mapped file
 * that faulted earlier on this thread, so that it surfaces where the mapped write that caused it can
 * still be classified, not in whatever code the thread runs next.
 *
 * <p>Why: a store into a page of a mapped file that the file system cannot allocate (a full disk)
 * raises SIGBUS. HotSpot skips the faulting instruction and only marks the thread; it throws the
 * {@link InternalError} ("a fault occurred in a recent unsafe memory access operation") at the
 * thread's next call into the VM runtime that checks for such errors, e.g. an allocation that
 * misses its thread-local buffer. Returning from a native method does not (JDK 17). That call can
 * come long after the write, in unrelated code: a replicated peer whose disk filled up was stopped
 * by the error raised while it built its status, after an append whose lost bytes (zeros into a hole)
 * had read back as written.
 *
 * <p>{@link #raisePending()} makes one such call: allocating a two-dimensional array whose outer
 * length the compiler cannot know is always a call into the runtime (in the interpreter and in
 * compiled code), and the way back from it throws the pending error.
 */
public final class MappedFaults {
    /** Not final: the compiler must not know the length it allocates. */
    private static int none;

    private MappedFaults() {
    }

    /**
     * Throws the {@link InternalError} of a mapped access that faulted earlier on this thread, if any;
     * otherwise returns, having done nothing. Called after a run of mapped writes (and their read-back),
     * inside the code that classifies their failures.
     */
    public static void raisePending() {
        if (new byte[none][0].length != 0) {
            throw new AssertionError("an empty array has no elements");
        }
    }
}
