package dev.coord.log.chronicle;

import dev.coord.log.file.Fsync;
import dev.coord.log.file.MappedFaults;
import dev.coord.log.LogCorruptedException;
import dev.coord.log.TxnLog;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wires;
import org.agrona.ExpandableArrayBuffer;

/**
 * LogSegment is one link of the log's chain: a Chronicle queue in its own directory holding a run of
 * records (see {@link LogRecordDescriptor}) with strictly increasing zxids, appended until the segment
 * is sealed. Its logical records are the first {@link #recordCount()}; anything Chronicle holds after
 * them was truncated or torn and is never read.
 *
 * <p>The queue's clock is fixed, so it never rolls to a new cycle file by time: record {@code seq} (from
 * 0) is at Chronicle index {@code toIndex(cycle, seq)}, which lets readers seek by binary search.
 *
 * <p>Called only on the log's owning thread; that thread may change between calls (recovery on one
 * thread, appends on another), and the appender is re-bound when it does. Tailers live for one call.
 */
final class LogSegment implements AutoCloseable {
    static final String DIRECTORY_PREFIX = "segment-";
    /** A daily cycle of 2^37 records; with the fixed clock there is only ever one cycle. */
    private static final RollCycle ROLL_CYCLE = LargeRollCycles.LARGE_DAILY;
    private static final TimeProvider FIXED_TIME = () -> 0L;
    /**
     * How long Chronicle waits for a header that is marked as being written before it gives up
     * (Chronicle's default: 10 s). Chronicle waits so because another process may be writing the
     * header; here no one else can be (the peer holds its data directory's lock, and one thread
     * appends to a segment), so such a header is damage or a write torn by a crash, and waiting only
     * stalls the peer: at start, each damaged first header of a cycle file cost up to the default
     * before it was reported. Giving up changes no verdict: a first header Chronicle cannot read is
     * reported as corruption of the segment (as after the default wait), and every record is still
     * checked by its own CRC32C ({@link LogRecordDescriptor}).
     */
    static final long HEADER_WAIT_MS = 20;

    private final long id;
    private final Path directory;
    private final SingleChronicleQueue queue;
    /** Invariant: the queue's roll cycle and its one cycle; record seq is at rollCycle.toIndex(cycle, seq). */
    private final RollCycle rollCycle;
    private final int cycle;
    private final ExpandableArrayBuffer readBuffer = new ExpandableArrayBuffer(256);
    private final CRC32C crc = new CRC32C();
    /** Scratch space of {@link #requireLanded}, grown as needed. */
    private byte[] landed = new byte[1024];
    /** Invariant: null until the first append of this process; then bound to {@link #appenderThread}. */
    private ExcerptAppender appender;
    private Thread appenderThread;
    /** Invariant: null until the first force; then open on the cycle file the appender writes. */
    private FileChannel cycleFileChannel;
    private int channelCycle;
    /** Invariant: true while appends were made since the last force. */
    private boolean unforcedAppends;
    /** Invariant: true until a force has also synced the directory entries and the queue metadata file. */
    private boolean directoryUnsynced = true;
    /** Invariant: the records at seq 0 .. recordCount-1 are the segment's; firstZxid/lastZxid are theirs. */
    private long recordCount;
    private long firstZxid;
    private long lastZxid;
    /** Invariant: once sealed, no append; {@link #lastZxid} is the manifest's end zxid for it. */
    private boolean sealed;
    /** The cycle file's size when the segment was opened, before Chronicle could grow it; -1 if none. */
    private long sizeAtOpen = -1;
    /** Where in the cycle file the last excerpt {@link #readRaw} visited ends. */
    private long lastExcerptEnd;
    /** Invariant: true once an append failed part-way; the appender may be unusable. */
    private boolean damaged;

    private LogSegment(long id, Path directory, SingleChronicleQueue queue) {
        this.id = id;
        this.directory = directory;
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.cycle = queue.cycle();
    }

    /** The directory name of segment {@code id}. */
    static String directoryName(long id) {
        return DIRECTORY_PREFIX + String.format("%012d", id);
    }

    /** The segment id a directory name stands for, or -1 if it does not name a segment. */
    static long parseId(String directoryName) {
        if (!directoryName.startsWith(DIRECTORY_PREFIX)) {
            return -1;
        }
        String digits = directoryName.substring(DIRECTORY_PREFIX.length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    /** Creates a new, empty segment directory and its queue. */
    static LogSegment create(Path logDirectory, long id, long blockSizeBytes) {
        Path directory = logDirectory.resolve(directoryName(id));
        try {
            Files.createDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create log segment directory " + directory, e);
        }
        SingleChronicleQueue queue = buildQueue(directory, blockSizeBytes);
        try {
            MappedFaults.raisePending(); // a store into the queue's metadata file that faulted
        } catch (InternalError e) {
            queue.close();
            throw e;
        }
        return new LogSegment(id, directory, queue);
    }

    /** Opens an existing segment directory, clearing Chronicle write locks left by a dead process. */
    static LogSegment open(Path logDirectory, long id, long blockSizeBytes) {
        Path directory = logDirectory.resolve(directoryName(id));
        if (!Files.isDirectory(directory)) {
            throw new LogCorruptedException("log segment directory " + directory
                    + " is listed in the manifest but missing");
        }
        long size = -1;
        try (Stream<Path> files = Files.list(directory)) {
            Path cycle = files.filter(file -> file.getFileName().toString().endsWith(".cq4")).findFirst().orElse(null);
            if (cycle != null) {
                size = Files.size(cycle);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list log segment directory " + directory, e);
        }
        LogSegment segment = new LogSegment(id, directory, buildQueue(directory, blockSizeBytes));
        segment.sizeAtOpen = size;
        StaleChronicleLock.clearAll(segment.queue, directory);
        return segment;
    }

    private static SingleChronicleQueue buildQueue(Path directory, long blockSizeBytes) {
        return SingleChronicleQueueBuilder.binary(directory)
                .blockSize(blockSizeBytes)
                .rollCycle(ROLL_CYCLE)
                .timeProvider(FIXED_TIME)
                .syncMode(SyncMode.NONE)
                .timeoutMS(HEADER_WAIT_MS)
                .build();
    }

    long id() {
        return id;
    }

    long recordCount() {
        return recordCount;
    }

    long firstZxid() {
        return firstZxid;
    }

    long lastZxid() {
        return lastZxid;
    }

    boolean isSealed() {
        return sealed;
    }

    /** Sets what recovery found: the first {@code count} records, from {@code first} to {@code last}. */
    void restore(long count, long first, long last, boolean isSealed) {
        recordCount = count;
        firstZxid = count == 0 ? 0 : first;
        lastZxid = count == 0 ? 0 : last;
        sealed = isSealed;
    }

    /**
     * Appends an encoded record of {@code length} bytes from {@code record}, and reads it back from
     * the mapped file before it counts: throws InternalError, counting nothing, if a store or load into
     * the mapping faulted ({@link MappedFaults}) or what is there is not what was written (see
     * {@link #requireLanded}).
     */
    void append(long zxid, byte[] record, int length) {
        if (sealed) {
            throw new IllegalStateException("log segment " + directory + " is sealed");
        }
        Bytes<?> bytes;
        long start;
        try {
            DocumentContext context = appender().writingDocument();
            bytes = context.wire().bytes();
            start = bytes.writePosition();
            try {
                bytes.write(record, 0, length);
            } catch (RuntimeException e) {
                context.rollbackOnClose();
                throw e;
            } finally {
                context.close();
            }
        } catch (RuntimeException | Error e) {
            // A store that faulted before this failure raises its error here, not in later unrelated code.
            try {
                MappedFaults.raisePending();
            } catch (InternalError fault) {
                fault.addSuppressed(e);
                throw fault;
            }
            throw e;
        }
        // A store of the excerpt, its header or the cycle file's header that faulted raises its error in
        // requireLanded, after the read-back, in the append that made it (one runtime call per append).
        requireLanded(zxid, bytes, start, record, length);
        if (recordCount == 0) {
            firstZxid = zxid;
        }
        recordCount++;
        lastZxid = zxid;
        unforcedAppends = true;
    }

    /**
     * Reads back the excerpt just appended at {@code start} of {@code bytes} (its header and its
     * record) and throws InternalError unless it holds the {@code length} bytes of {@code record}.
     *
     * <p>Why: a store into a page of the mapped file that the file system cannot allocate (a full disk)
     * raises SIGBUS, which the JVM turns into an InternalError, but in compiled code it does so
     * <em>later</em>, at a safepoint poll ("a fault occurred in a recent unsafe memory access
     * operation"), after skipping the faulting store. On ext4 the error came one append late: the
     * record before it had been counted although its tail, in the page that could not be allocated,
     * was never written, and it was then read back as corrupt. A store that faulted left the page
     * unallocated, so it reads back as zeros and differs from the record (unless the record has zeros
     * there, in which case the file reads back as written, also after a crash; the JVM's pending
     * error, raised by {@link MappedFaults#raisePending()} in {@link #append}, tells then).
     */
    private void requireLanded(long zxid, Bytes<?> bytes, long start, byte[] record, int length) {
        int header = bytes.readInt(start - Integer.BYTES);
        if (landed.length < length) {
            landed = new byte[Math.max(length, 2 * landed.length)];
        }
        bytes.read(start, landed, 0, length);
        // Raises the error of a store of this append that faulted, or of this load (tmpfs allocates a page
        // to read a hole), before anything counts.
        MappedFaults.raisePending();
        if (!Wires.isReadyData(header) || Wires.lengthOf(header) != length
                || Arrays.mismatch(landed, 0, length, record, 0, length) >= 0) {
            throw new InternalError("zxid 0x" + Long.toHexString(zxid) + " did not land in " + cycleFile()
                    + " as written: a store into its mapping faulted (a page the file system could not allocate)");
        }
    }

    /**
     * Forces what was appended since the last force to the device: one {@code fdatasync} of the cycle
     * file, plus, the first time, the queue's metadata file and the directory's entries. Does nothing if
     * nothing was appended since, and returns whether it forced.
     */
    boolean force() {
        SegmentForce force = beginForce();
        if (force == null) {
            return false;
        }
        force.run();
        return true;
    }

    /**
     * Starts a force of what was appended since the last force (see {@link #force()}): resolves the file
     * here, on the owning thread, and returns the blocking part, which may run on any thread and covers
     * every append made before this call; null if there was none.
     */
    SegmentForce beginForce() {
        if (!unforcedAppends) {
            return null;
        }
        ExcerptAppender current = appender();
        try {
            if (cycleFileChannel == null || current.cycle() != channelCycle) {
                if (cycleFileChannel != null) {
                    cycleFileChannel.close();
                }
                File file = current.currentFile();
                cycleFileChannel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
                channelCycle = current.cycle();
                directoryUnsynced = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the cycle file of log segment " + directory, e);
        }
        SegmentForce force = new SegmentForce(cycleFileChannel, directoryUnsynced ? directory : null);
        directoryUnsynced = false;
        unforcedAppends = false;
        return force;
    }

    /**
     * SegmentForce is the blocking part of one force of a segment: the cycle file's {@code fdatasync},
     * and the first time also the queue metadata file's and the directory's. The segment must not be
     * sealed or closed while it runs.
     */
    record SegmentForce(FileChannel cycleFile, Path directoryToSync) {
        /** Forces; throws UncheckedIOException naming the segment if the device refuses. */
        void run() {
            try {
                cycleFile.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot force the log segment file " + cycleFile, e);
            }
            if (directoryToSync != null) {
                Fsync.file(directoryToSync.resolve(SingleChronicleQueue.QUEUE_METADATA_FILE));
                Fsync.directory(directoryToSync);
            }
        }
    }

    /** Notes that an append failed part-way: no append follows, and closing the appender may fail. */
    void markDamaged() {
        damaged = true;
    }

    /** Seals the segment after its first {@code count} records (the last of which has {@code endZxid}). */
    void seal(long count, long endZxid) {
        recordCount = count;
        lastZxid = endZxid;
        sealed = true;
        releaseAppender();
    }

    /**
     * Calls {@code handler} with each logical record from {@code fromSeq} on, after checking it.
     *
     * @throws LogCorruptedException naming the file if a record is missing or fails its checks
     */
    void read(long fromSeq, TxnLog.RecordHandler handler) {
        long[] next = {fromSeq};
        if (fromSeq < recordCount) {
            readRaw(fromSeq, (seq, record, length) -> {
                requireValid(seq, length);
                handler.onRecord(LogRecordDescriptor.zxid(record), record, LogRecordDescriptor.PAYLOAD_OFFSET,
                        length - LogRecordDescriptor.HEADER_LENGTH);
                next[0] = seq + 1;
                return next[0] < recordCount;
            });
        }
        if (next[0] < recordCount) {
            throw corrupt("record " + next[0] + " of " + recordCount + " is missing");
        }
    }

    /** The cycle file's size when the segment was opened (-1: no file), before Chronicle could grow it. */
    long sizeAtOpen() {
        return sizeAtOpen;
    }

    /** Where in the cycle file the last excerpt read by {@link #readRaw} ends. */
    long lastExcerptEnd() {
        return lastExcerptEnd;
    }

    /** The seq of the first logical record whose zxid is above {@code zxid}, or the record count if none. */
    long firstSeqAbove(long zxid) {
        long low = 0;
        long high = recordCount;
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (low < high) {
                long middle = (low + high) >>> 1;
                if (zxidAt(tailer, middle) > zxid) {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
        }
        return low;
    }

    /** The zxid of logical record {@code seq}. */
    long zxidAt(long seq) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            return zxidAt(tailer, seq);
        }
    }

    private long zxidAt(ExcerptTailer tailer, long seq) {
        if (!tailer.moveToIndex(rollCycle.toIndex(cycle, seq))) {
            throw corrupt("record " + seq + " of " + recordCount + " is missing");
        }
        try (DocumentContext context = tailer.readingDocument()) {
            if (!context.isPresent()) {
                throw corrupt("record " + seq + " of " + recordCount + " is missing");
            }
            requireValid(seq, copy(context.wire().bytes()));
        }
        return LogRecordDescriptor.zxid(readBuffer);
    }

    /**
     * Visits each record Chronicle holds from {@code fromSeq} on, unchecked, until the visitor returns
     * false or the queue ends. The buffer is valid only during the call.
     */
    void readRaw(long fromSeq, RawRecordVisitor visitor) {
        try {
            readRawUnchecked(fromSeq, visitor);
        } catch (LogCorruptedException e) {
            throw e;
        } catch (RuntimeException | AssertionError | InternalError e) {
            // Chronicle reading a damaged file: an assertion, a bad header, or a SIGBUS past its end.
            throw new LogCorruptedException("transaction log segment file " + cycleFile() + " is corrupt: "
                    + "Chronicle cannot read it (" + e + ")", e);
        }
    }

    private void readRawUnchecked(long fromSeq, RawRecordVisitor visitor) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (fromSeq == 0) {
                tailer.toStart();
            } else if (!tailer.moveToIndex(rollCycle.toIndex(cycle, fromSeq))) {
                return;
            }
            for (long seq = fromSeq; ; seq++) {
                int length;
                try (DocumentContext context = tailer.readingDocument()) {
                    if (!context.isPresent()) {
                        return;
                    }
                    if (context.index() != rollCycle.toIndex(cycle, seq)) {
                        throw corrupt("Chronicle index 0x" + Long.toHexString(context.index())
                                + " found where record " + seq + " was expected");
                    }
                    lastExcerptEnd = context.wire().bytes().readLimit();
                    length = copy(context.wire().bytes());
                }
                if (!visitor.onRecord(seq, readBuffer, length)) {
                    return;
                }
            }
        }
    }

    private int copy(Bytes<?> bytes) {
        long remaining = bytes.readRemaining();
        if (remaining > Integer.MAX_VALUE - 64) {
            throw corrupt("an excerpt of " + remaining + " bytes is too long to be a record");
        }
        int length = (int) remaining;
        readBuffer.checkLimit(length);
        bytes.read(readBuffer.byteArray(), 0, length);
        return length;
    }

    private void requireValid(long seq, int length) {
        LogRecordDescriptor.Check check = LogRecordDescriptor.check(crc, readBuffer, length);
        if (check != LogRecordDescriptor.Check.VALID) {
            throw corrupt("record " + seq + " fails its check: " + check);
        }
    }

    /** A corruption report naming this segment's cycle file. */
    LogCorruptedException corrupt(String why) {
        return new LogCorruptedException("transaction log segment file " + cycleFile() + " is corrupt: " + why);
    }

    /** The segment's Chronicle cycle file, or its directory if no record was ever written. */
    Path cycleFile() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".cq4"))
                    .findFirst().orElse(directory);
        } catch (IOException e) {
            return directory;
        }
    }

    private ExcerptAppender appender() {
        Thread current = Thread.currentThread();
        if (appender == null) {
            appender = queue.createAppender();
            appenderThread = current;
        } else if (appenderThread != current) {
            appender.singleThreadedCheckReset();
            appenderThread = current;
        }
        return appender;
    }

    private void releaseAppender() {
        if (appender != null) {
            try {
                appender().close();
            } catch (RuntimeException | InternalError e) {
                if (!damaged) {
                    throw e;
                }
                // Expected after a failed append into a full file system: the excerpt is abandoned.
            }
            appender = null;
            appenderThread = null;
        }
        if (cycleFileChannel != null) {
            try {
                cycleFileChannel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close log segment file in " + directory, e);
            }
            cycleFileChannel = null;
        }
    }

    @Override
    public void close() {
        releaseAppender();
        queue.close();
    }

    /** Closes the segment and deletes its directory. */
    void delete() {
        close();
        deleteDirectory(directory);
    }

    /** Deletes a segment directory and everything in it. */
    static void deleteDirectory(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete log segment directory " + directory, e);
        }
    }

    /** Deletes a segment directory if it exists, ignoring failures (cleanup after a failed create). */
    static void deleteDirectoryQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            deleteDirectory(directory);
        } catch (RuntimeException e) {
            ChronicleTxnLog.LOG.warn("Could not delete the unused log segment directory {}: {}", directory, e.toString());
        }
    }

    /** RawRecordVisitor sees one unchecked record; returns whether to go on. */
    @FunctionalInterface
    interface RawRecordVisitor {
        boolean onRecord(long seq, ExpandableArrayBuffer record, int length);
    }
}
