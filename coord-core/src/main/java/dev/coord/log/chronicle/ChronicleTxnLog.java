package dev.coord.log.chronicle;

import dev.coord.log.file.DirectoryLock;
import dev.coord.Durability;
import dev.coord.log.NoSpaceException;
import dev.coord.log.TxnLog;
import dev.coord.metrics.LogHistogram;
import dev.coord.log.file.DiskSpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ChronicleTxnLog is the durable {@link TxnLog}: a chain of {@link LogSegment}s, each its own Chronicle
 * queue directory under the log directory, plus a {@link Manifest} that lists them in order with each
 * sealed segment's end zxid.
 *
 * <p>Chronicle Queue cannot truncate, so truncation is logical: {@link #truncateAfter} forces the
 * segment that holds the new last record, records in the manifest where that segment now ends, drops
 * the later segments, and later appends start a new segment. {@link #roll()} seals the open segment in
 * the same way, and a segment recovered from disk at open takes no append (the first append seals
 * it and starts a new segment); {@link #purgeUpTo} removes whole sealed segments from the manifest and then deletes
 * their directories. Every manifest change is durable before the files it stops referencing are
 * deleted, so a crash at any point leaves a manifest that describes readable data.
 *
 * <p>Durability: with {@link Durability#FSYNC}, {@link #flush()} is one {@code fdatasync} of the open
 * segment's cycle file whatever the number of appends before it (group commit), plus an fsync of the
 * segment directory and queue metadata the first time. {@link #beginForce()} does the same off the
 * owning thread: appends go on meanwhile (into the mapped file; this disk does not make writers wait
 * for pages being written back) and are covered by the next force. With {@link Durability#NONE}
 * records reach the page cache only: they survive a process crash, not a machine crash.
 *
 * <p>Called only on the owning peer's agent thread (a begun force runs on any thread); the log may be
 * opened on another thread.
 *
 * <p>A full file system: an append (or the segment or manifest write it needs) that fails for lack of
 * space throws {@link NoSpaceException} and changes nothing the log holds; the segment it was
 * appending to may hold a half-written excerpt after its last record, so it takes no further append:
 * the next append first seals it at its last record and starts a new segment. Appends may therefore
 * simply be tried again once space is back.
 *
 * <p>A failed force is never retried: after a failed {@code fsync} the kernel may have dropped the
 * unwritten pages and marked them clean, so nothing appended since the last good force can be trusted.
 * The failure is logged as an error, thrown from {@link #durableZxid()} or {@link #flush()}, and every
 * later call but {@link #close()} throws too; the peer must stop and recover from its files and its
 * ensemble at the next start.
 *
 * <p>NB: an {@link java.io.UncheckedIOException} from any method leaves the in-memory view possibly out
 * of step with the disk; the caller must close the log and stop the peer (recovery at the next open
 * starts from what the disk holds).
 */
public final class ChronicleTxnLog implements TxnLog {
    static final Logger LOG = LoggerFactory.getLogger(ChronicleTxnLog.class);

    private final Path directory;
    private final Options options;
    private final DirectoryLock lock;
    private final ManifestFile manifestFile;
    private final ExpandableArrayBuffer recordBuffer = new ExpandableArrayBuffer(256);
    private final CRC32C crc = new CRC32C();
    /** Invariant: the manifest on disk; lists {@link #segments} in the same order with the same ends. */
    private Manifest manifest;
    /** Invariant: none empty; zxids strictly increase along the chain; only the last may be unsealed. */
    private final List<LogSegment> segments;
    private long forceCount;
    /** How long each force of a segment file took (any thread records, any thread reads). */
    private final LogHistogram forceNs = new LogHistogram();
    /** Invariant: the force begun and not yet seen done by the owning thread, or null. */
    private ChronicleForce begun;
    /** Invariant: every record up to this zxid is durable (see {@link #durableZxid()}). */
    private long durable;
    private boolean closed;
    /**
     * Invariant: null, or the open last segment whose append failed or that was recovered from disk at
     * open; it takes no further append (the next one seals it and starts a new segment).
     */
    private LogSegment damaged;
    /** Why {@link #damaged} takes no further append, for the log line that seals it; null when it is null. */
    private String damagedBecause;
    /** Invariant: null, or the failure of a force; once set, every call but close throws. */
    private RuntimeException forceFailure;
    /** Test seam: when set, each force runs it first (a fault injector that may throw). */
    private volatile Runnable beforeForce;
    /** Test seam: when set, each append runs it first, as part of the write (a fault injector that may throw). */
    private Runnable beforeAppend;

    private ChronicleTxnLog(Path directory, Options options, DirectoryLock lock, ManifestFile manifestFile,
            LogRecovery.Recovered recovered) {
        this.directory = directory;
        this.options = options;
        this.lock = lock;
        this.manifestFile = manifestFile;
        this.manifest = recovered.manifest();
        this.segments = recovered.segments();
        // What recovery read back is taken as durable, as before a restart (NB: after a process
        // crash it may come from the page cache only).
        this.durable = lastZxid();
        // Nothing is appended to a segment recovered from disk: the bytes past its last record were
        // not written by this process and may be damaged in ways recovery cannot see (a fuzzed cycle
        // file that recovery accepted made Chronicle's appender fail an assertion on it).
        LogSegment last = last();
        if (last != null && !last.isSealed()) {
            this.damaged = last;
            this.damagedBecause = "recovered from disk at open";
        }
    }

    /**
     * Opens (creating if needed) the log in {@code directory}, recovering and checking what is there.
     *
     * @throws IllegalStateException if another open log holds the directory
     * @throws dev.coord.log.LogCorruptedException naming the file if the log cannot be trusted
     */
    public static ChronicleTxnLog open(Path directory, Options options) {
        Objects.requireNonNull(options, "options");
        ChronicleDefaults.apply();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create transaction log directory " + directory, e);
        }
        DirectoryLock lock = DirectoryLock.acquire(directory, "transaction log directory");
        try {
            ManifestFile manifestFile = new ManifestFile(directory, options.durability() == Durability.FSYNC);
            LogRecovery.Recovered recovered =
                    new LogRecovery(directory, manifestFile, options.blockSizeBytes()).recover();
            ChronicleTxnLog log = new ChronicleTxnLog(directory, options, lock, manifestFile, recovered);
            LOG.debug("Opened transaction log {}: {} segments, zxids 0x{} to 0x{}", directory,
                    log.segments.size(), Long.toHexString(log.firstZxid()), Long.toHexString(log.lastZxid()));
            return log;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    @Override
    public void append(long zxid, DirectBuffer payload, int offset, int length) {
        checkOpen();
        long lastZxid = lastZxid();
        if (zxid <= lastZxid) {
            throw new IllegalArgumentException("zxid 0x" + Long.toHexString(zxid)
                    + " is not greater than the last zxid 0x" + Long.toHexString(lastZxid));
        }
        int recordLength = LogRecordDescriptor.encode(recordBuffer, crc, zxid, payload, offset, length);
        LogSegment segment = segmentForAppend();
        try {
            if (beforeAppend != null) {
                beforeAppend.run();
            }
            segment.append(zxid, recordBuffer.byteArray(), recordLength);
        } catch (RuntimeException | InternalError e) {
            // The excerpt may be half written: this segment takes no further append.
            damaged = segment;
            damagedBecause = "an append to it had failed";
            segment.markDamaged();
            throw failedWrite(e, "cannot append zxid 0x" + Long.toHexString(zxid) + " to " + segment.cycleFile());
        }
    }

    /** A failed write as NoSpaceException when the file system is full, else as the error it is. */
    private RuntimeException failedWrite(Throwable e, String what) {
        if (DiskSpace.isNoSpace(e, directory)) {
            return new NoSpaceException(directory.toString(), e);
        }
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(what + ": " + e, e);
    }

    @Override
    public void flush() {
        checkOpen();
        awaitBegunForce();
        LogSegment last = last();
        if (options.durability() == Durability.FSYNC && last != null && !last.isSealed()) {
            forceOnThisThread(last);
        }
        durable = lastZxid();
    }

    /** Forces {@code segment} here; a failure is fatal to the log (see the class comment). */
    private void forceOnThisThread(LogSegment segment) {
        LogSegment.SegmentForce work = segment.beginForce();
        if (work == null) {
            return;
        }
        forceCount++;
        try {
            runForce(work);
        } catch (RuntimeException e) {
            throw forceFailed(e);
        }
    }

    private void runForce(LogSegment.SegmentForce work) {
        Runnable fault = beforeForce;
        if (fault != null) {
            fault.run();
        }
        long startNs = System.nanoTime();
        work.run();
        forceNs.record(System.nanoTime() - startNs);
    }

    private RuntimeException forceFailed(RuntimeException e) {
        if (forceFailure == null) {
            forceFailure = e;
            LOG.error("An fsync of the transaction log in {} failed. It is not retried: after a failed fsync the "
                    + "kernel may have dropped the pages it could not write, so nothing logged since the last good "
                    + "fsync can be trusted. The peer stops. Check the device (kernel log, dmesg) and free or replace "
                    + "it, then restart the peer: it recovers from its log, its snapshots and its ensemble.",
                    directory, e);
        }
        return e;
    }

    @Override
    public Force beginForce() {
        checkOpen();
        harvest();
        if (begun != null) {
            return null;
        }
        LogSegment last = last();
        LogSegment.SegmentForce work = options.durability() == Durability.FSYNC && last != null && !last.isSealed()
                ? last.beginForce() : null;
        if (work == null) {
            // Nothing appended since the last force (sealed segments were forced when sealed), or no fsync.
            durable = lastZxid();
            return null;
        }
        forceCount++;
        begun = new ChronicleForce(() -> runForce(work), lastZxid());
        return begun;
    }

    @Override
    public long durableZxid() {
        checkOpen();
        harvest();
        return options.durability() == Durability.FSYNC ? durable : lastZxid();
    }

    /** Takes note of the begun force if it has finished; rethrows its failure. */
    private void harvest() {
        if (begun == null || !begun.isDone()) {
            return;
        }
        ChronicleForce done = begun;
        begun = null;
        if (done.failure() != null) {
            throw forceFailed(done.failure());
        }
        durable = Math.max(durable, done.zxid());
    }

    /** Waits for the begun force (running it here if no thread has started it), and takes note of it. */
    private void awaitBegunForce() {
        if (begun != null) {
            begun.runOrAwait();
            harvest();
        }
    }

    @Override
    public long lastZxid() {
        checkOpen();
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).recordCount() > 0) {
                return segments.get(i).lastZxid();
            }
        }
        return 0;
    }

    @Override
    public long firstZxid() {
        checkOpen();
        return segments.isEmpty() ? 0 : segments.get(0).firstZxid();
    }

    @Override
    public void readAfter(long afterZxid, RecordHandler handler) {
        checkOpen();
        awaitBegunForce();
        for (LogSegment segment : List.copyOf(segments)) {
            if (segment.lastZxid() > afterZxid) {
                long fromSeq = segment.firstZxid() > afterZxid ? 0 : segment.firstSeqAbove(afterZxid);
                segment.read(fromSeq, handler);
            }
        }
    }

    @Override
    public void truncateAfter(long zxid) {
        checkOpen();
        awaitBegunForce();
        if (zxid >= lastZxid()) {
            return;
        }
        retireDamaged();
        int keep = segments.size();
        while (keep > 0 && segments.get(keep - 1).firstZxid() > zxid) {
            keep--;
        }
        List<Manifest.Entry> entries = new ArrayList<>(manifest.entries().subList(0, keep));
        if (keep > 0) {
            LogSegment holder = segments.get(keep - 1);
            long count = holder.firstSeqAbove(zxid);
            long endZxid = holder.zxidAt(count - 1);
            flushBeforeSealing(holder);
            holder.seal(count, endZxid);
            entries.set(keep - 1, new Manifest.Entry(holder.id(), endZxid));
        }
        dropSegmentsFrom(keep, manifest.withEntries(entries));
        durable = lastZxid();
    }

    @Override
    public void roll() {
        checkOpen();
        awaitBegunForce();
        if (damaged != null) {
            retireDamaged();
            return;
        }
        LogSegment last = last();
        if (last == null || last.isSealed()) {
            return;
        }
        flushBeforeSealing(last);
        last.seal(last.recordCount(), last.lastZxid());
        List<Manifest.Entry> entries = new ArrayList<>(manifest.entries());
        entries.set(entries.size() - 1, new Manifest.Entry(last.id(), last.lastZxid()));
        writeManifest(manifest.withEntries(entries));
        durable = lastZxid();
    }

    @Override
    public void purgeUpTo(long zxid) {
        checkOpen();
        awaitBegunForce();
        int drop = 0;
        while (drop < segments.size() - 1 && segments.get(drop).lastZxid() <= zxid) {
            drop++;
        }
        if (drop == 0) {
            return;
        }
        List<LogSegment> purged = new ArrayList<>(segments.subList(0, drop));
        writeManifest(manifest.withEntries(manifest.entries().subList(drop, manifest.entries().size())));
        segments.subList(0, drop).clear();
        purged.forEach(LogSegment::delete);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (begun != null) {
            // Closing anyway: a failure of this last force only means its records are not claimed durable.
            begun.runOrAwait();
            begun = null;
        }
        try {
            segments.forEach(LogSegment::close);
        } finally {
            lock.close();
        }
    }

    /** The directory this log lives in. */
    public Path directory() {
        return directory;
    }

    /** How many times this log has forced a segment file since it was opened (for tests and metrics). */
    long forceCount() {
        return forceCount;
    }

    /** The durations of this log's forces since it was opened. Any thread. */
    public LogHistogram forceLatency() {
        return forceNs;
    }

    /**
     * Loads and exercises Chronicle Queue once in a scratch directory (deleted afterwards): a cold
     * JVM's first queue costs about a second, which a peer pays here, at start, rather than on its
     * agent thread in the middle of an election or a sync.
     */
    public static void warmUp(Path scratch, long blockSizeBytes) {
        deleteRecursively(scratch);
        try (ChronicleTxnLog log = open(scratch, new Options(Durability.NONE, blockSizeBytes))) {
            org.agrona.concurrent.UnsafeBuffer payload = new org.agrona.concurrent.UnsafeBuffer(new byte[16]);
            log.append(1, payload, 0, 16);
            log.flush();
            log.readAfter(0, (zxid, buffer, offset, length) -> { });
        } finally {
            deleteRecursively(scratch);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private LogSegment segmentForAppend() {
        awaitBegunForceIfDamaged();
        retireDamaged();
        LogSegment last = last();
        if (last != null && !last.isSealed()) {
            return last;
        }
        long id = manifest.nextSegmentId();
        LogSegment created;
        try {
            created = LogSegment.create(directory, id, options.blockSizeBytes());
        } catch (RuntimeException | InternalError e) {
            LogSegment.deleteDirectoryQuietly(directory.resolve(LogSegment.directoryName(id)));
            throw failedWrite(e, "cannot create log segment " + id + " in " + directory);
        }
        try {
            writeManifest(manifest.withAppended(new Manifest.Entry(id, Manifest.OPEN)));
        } catch (RuntimeException | InternalError e) {
            created.close();
            LogSegment.deleteDirectoryQuietly(directory.resolve(LogSegment.directoryName(id)));
            throw failedWrite(e, "cannot write the manifest of " + directory);
        }
        segments.add(created);
        return created;
    }

    private void awaitBegunForceIfDamaged() {
        if (damaged != null) {
            awaitBegunForce();
        }
    }

    /**
     * Seals the damaged segment after its last record (or drops it if it holds none), so that appends
     * go to a new segment; throws NoSpaceException, changing nothing, while the manifest cannot be written.
     */
    private void retireDamaged() {
        if (damaged == null) {
            return;
        }
        LogSegment segment = damaged;
        flushBeforeSealing(segment);
        List<Manifest.Entry> entries = new ArrayList<>(manifest.entries());
        int at = segments.indexOf(segment);
        if (segment.recordCount() == 0) {
            entries.remove(at);
        } else {
            entries.set(at, new Manifest.Entry(segment.id(), segment.lastZxid()));
        }
        try {
            writeManifest(manifest.withEntries(entries));
        } catch (RuntimeException | InternalError e) {
            throw failedWrite(e, "cannot write the manifest of " + directory);
        }
        damaged = null;
        String because = damagedBecause;
        damagedBecause = null;
        if (segment.recordCount() == 0) {
            segments.remove(at);
            segment.delete();
            LOG.info("Dropped empty log segment {} ({}); appends go to a new segment", segment.id(), because);
        } else {
            segment.seal(segment.recordCount(), segment.lastZxid());
            LOG.info("Sealed log segment {} after zxid 0x{} ({}); appends go to a new segment",
                    segment.id(), Long.toHexString(segment.lastZxid()), because);
        }
    }

    /** Test seam: runs {@code fault} inside every append from now on (null: none). */
    void beforeEachAppend(Runnable fault) {
        beforeAppend = fault;
    }

    /** Test seam: runs {@code fault} before every force from now on (null: none). */
    void beforeEachForce(Runnable fault) {
        beforeForce = fault;
    }

    /** Makes a segment's records durable before the manifest claims it ends at one of them. */
    private void flushBeforeSealing(LogSegment segment) {
        if (options.durability() == Durability.FSYNC && !segment.isSealed()) {
            forceOnThisThread(segment);
        }
    }

    private void dropSegmentsFrom(int keep, Manifest next) {
        List<LogSegment> dropped = new ArrayList<>(segments.subList(keep, segments.size()));
        writeManifest(next);
        segments.subList(keep, segments.size()).clear();
        dropped.forEach(LogSegment::delete);
    }

    private void writeManifest(Manifest next) {
        manifestFile.write(next);
        manifest = next;
    }

    private LogSegment last() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("transaction log " + directory + " is closed");
        }
        if (forceFailure != null) {
            throw new IllegalStateException("transaction log " + directory + " cannot be trusted since an fsync failed ("
                    + forceFailure.getMessage() + "); restart the peer", forceFailure);
        }
    }

    /**
     * Options configure a {@link ChronicleTxnLog}.
     *
     * @param durability whether {@link ChronicleTxnLog#flush()} forces records to the device
     * @param blockSizeBytes the Chronicle block size: how much of a segment file is mapped at a time and
     *     the step by which the (sparse) file grows; also bounds the largest record
     */
    public record Options(Durability durability, long blockSizeBytes) {
        /** The default block size, 64 MiB. */
        public static final long DEFAULT_BLOCK_SIZE_BYTES = 64L << 20;
        /** The smallest block size accepted, 64 KiB. */
        public static final long MIN_BLOCK_SIZE_BYTES = 64L << 10;

        public Options {
            Objects.requireNonNull(durability, "durability");
            if (blockSizeBytes < MIN_BLOCK_SIZE_BYTES || Long.bitCount(blockSizeBytes) != 1) {
                throw new IllegalArgumentException("blockSizeBytes must be a power of two of at least "
                        + MIN_BLOCK_SIZE_BYTES + ", not " + blockSizeBytes);
            }
        }

        /** Durable (fsync on flush) with the default block size. */
        public static Options defaults() {
            return new Options(Durability.FSYNC, DEFAULT_BLOCK_SIZE_BYTES);
        }

        public Options withDurability(Durability newDurability) {
            return new Options(newDurability, blockSizeBytes);
        }

        public Options withBlockSizeBytes(long newBlockSizeBytes) {
            return new Options(durability, newBlockSizeBytes);
        }
    }
}
