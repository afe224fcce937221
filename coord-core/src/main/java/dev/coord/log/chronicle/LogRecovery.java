package dev.coord.log.chronicle;

import dev.coord.log.LogCorruptedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.agrona.ExpandableArrayBuffer;

/**
 * LogRecovery rebuilds a log's segments from its directory at open, checking every record it keeps.
 *
 * <p>The manifest decides which segment directories belong to the log; directories it does not list are
 * leftovers of a crash between a manifest write and a delete, and are deleted. Each listed segment is
 * read in full: every record must pass its checks and zxids must strictly increase across the whole
 * chain; a sealed segment must reach exactly its end zxid. The one exception is the last record of the
 * open (last) segment: if it fails its checks it is a torn write, so it is dropped and the segment is
 * sealed before it, so that later appends go to a new segment and the bad bytes never end up in the
 * middle of the log. An open segment left empty by a crash is dropped. Valid records that a damaged
 * excerpt header hides from Chronicle in the open segment make it corrupt ({@link HiddenRecords}).
 *
 * <p>Runs once, on the thread that opens the log.
 */
final class LogRecovery {
    private final Path directory;
    private final ManifestFile manifestFile;
    private final long blockSizeBytes;

    /** Recovered is the outcome: the manifest now on disk and the open segments in its order. */
    record Recovered(Manifest manifest, List<LogSegment> segments) {
    }

    LogRecovery(Path directory, ManifestFile manifestFile, long blockSizeBytes) {
        this.directory = directory;
        this.manifestFile = manifestFile;
        this.blockSizeBytes = blockSizeBytes;
    }

    /**
     * Recovers the log.
     *
     * @throws LogCorruptedException naming the file if the log cannot be trusted
     */
    Recovered recover() {
        List<Long> idsOnDisk = segmentIdsOnDisk();
        Optional<Manifest> stored = manifestFile.read();
        if (stored.isEmpty()) {
            if (!idsOnDisk.isEmpty()) {
                throw new LogCorruptedException("transaction log manifest " + manifestFile.path()
                        + " is missing but segment directories are present: " + idsOnDisk);
            }
            Manifest empty = Manifest.empty();
            manifestFile.write(empty);
            return new Recovered(empty, new ArrayList<>());
        }
        Manifest manifest = stored.get();
        deleteUnlisted(idsOnDisk, manifest);
        List<LogSegment> segments = new ArrayList<>();
        try {
            boolean tornTail = openAndCheck(manifest, segments);
            return new Recovered(repairTail(manifest, segments, tornTail), segments);
        } catch (RuntimeException e) {
            segments.forEach(LogSegment::close);
            throw e;
        }
    }

    private boolean openAndCheck(Manifest manifest, List<LogSegment> segments) {
        long previousZxid = 0;
        boolean tornTail = false;
        for (Manifest.Entry entry : manifest.entries()) {
            LogSegment segment = openSegment(entry.segmentId());
            segments.add(segment);
            SegmentCheck check = new SegmentCheck(segment, entry.endZxid(), previousZxid);
            try {
                segment.readRaw(0, check::onRecord);
            } catch (LogCorruptedException e) {
                throw e;
            } catch (Exception e) {
                // Chronicle's own report of a damaged file (some are checked exceptions thrown sneakily).
                throw segment.corrupt("Chronicle cannot read it: " + e);
            }
            tornTail = check.finish();
            requireNothingLostBeforeTheTail(segment, check);
            if (entry.isOpen()) {
                requireNoHiddenRecords(segment, check);
            }
            segment.restore(check.count, check.firstZxid, check.lastZxid, !entry.isOpen());
            if (check.count > 0) {
                previousZxid = check.lastZxid;
            }
        }
        return tornTail;
    }

    /**
     * Chronicle only ever grows a cycle file, ahead of what it writes, so after a crash the last
     * excerpt still lies within the file. An excerpt that reaches past the file's size as found on
     * disk means the file was cut short (truncated, or a lost extent): records that may have been
     * acknowledged are gone, which must not pass for a torn last write.
     */
    private static void requireNothingLostBeforeTheTail(LogSegment segment, SegmentCheck check) {
        if (segment.sizeAtOpen() >= 0 && segment.lastExcerptEnd() > segment.sizeAtOpen()) {
            throw segment.corrupt("the file is " + segment.sizeAtOpen() + " bytes long but its records reach byte "
                    + segment.lastExcerptEnd() + ": it was cut short and lost records, not just a torn last write");
        }
    }

    /**
     * Chronicle stops at a damaged excerpt header as at the end of the data. In a sealed segment the
     * end zxid catches that; in the open one, valid records past what Chronicle read do
     * ({@link HiddenRecords}): without them, the records after the damage would be dropped silently.
     */
    private static void requireNoHiddenRecords(LogSegment segment, SegmentCheck check) {
        long[] hidden = HiddenRecords.find(segment.cycleFile(), segment.lastExcerptEnd(), segment.sizeAtOpen());
        if (hidden.length == 2) {
            throw segment.corrupt("Chronicle reads " + check.count + " record(s) from it, but valid records lie past"
                    + " them (at bytes " + hidden[0] + " and " + hidden[1] + "): a damaged excerpt header hides them");
        }
    }

    private LogSegment openSegment(long segmentId) {
        try {
            return LogSegment.open(directory, segmentId, blockSizeBytes);
        } catch (LogCorruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new LogCorruptedException("transaction log segment " + directory.resolve(LogSegment.directoryName(segmentId))
                    + " is corrupt: Chronicle cannot open it: " + e, e);
        }
    }

    /** Seals an open last segment that ended in a torn record, or drops it if it holds none. */
    private Manifest repairTail(Manifest manifest, List<LogSegment> segments, boolean tornTail) {
        if (segments.isEmpty() || segments.get(segments.size() - 1).isSealed()) {
            return manifest;
        }
        LogSegment last = segments.get(segments.size() - 1);
        if (!tornTail && last.recordCount() > 0) {
            return manifest;
        }
        List<Manifest.Entry> entries = new ArrayList<>(manifest.entries());
        entries.remove(entries.size() - 1);
        if (last.recordCount() > 0) {
            ChronicleTxnLog.LOG.warn("Dropped a torn record after zxid 0x{} at the end of {}; "
                    + "later appends go to a new segment", Long.toHexString(last.lastZxid()), last.cycleFile());
            entries.add(new Manifest.Entry(last.id(), last.lastZxid()));
            last.seal(last.recordCount(), last.lastZxid());
        }
        Manifest repaired = manifest.withEntries(entries);
        manifestFile.write(repaired);
        if (last.recordCount() == 0) {
            segments.remove(segments.size() - 1);
            last.delete();
        }
        return repaired;
    }

    private List<Long> segmentIdsOnDisk() {
        try (Stream<Path> paths = Files.list(directory)) {
            return paths.filter(Files::isDirectory)
                    .map(path -> LogSegment.parseId(path.getFileName().toString()))
                    .filter(id -> id >= 0)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list transaction log directory " + directory, e);
        }
    }

    private void deleteUnlisted(List<Long> idsOnDisk, Manifest manifest) {
        for (long id : idsOnDisk) {
            boolean listed = manifest.entries().stream().anyMatch(entry -> entry.segmentId() == id);
            if (!listed) {
                Path leftover = directory.resolve(LogSegment.directoryName(id));
                ChronicleTxnLog.LOG.info("Deleting log segment directory {}, which the manifest no longer lists",
                        leftover);
                LogSegment.deleteDirectory(leftover);
            }
        }
    }

    /**
     * SegmentCheck follows one segment's records in order and decides which are the segment's: it
     * throws on corruption and notes a bad record that may yet prove to be a torn tail.
     */
    private static final class SegmentCheck {
        private final LogSegment segment;
        private final long endZxid;
        private final CRC32C crc = new CRC32C();
        private long previousZxid;
        private long count;
        private long firstZxid;
        private long lastZxid;
        /** Invariant: -1, or the seq of a bad record; nothing may follow it. */
        private long badSeq = -1;
        private LogRecordDescriptor.Check badCheck;

        SegmentCheck(LogSegment segment, long endZxid, long previousZxid) {
            this.segment = segment;
            this.endZxid = endZxid;
            this.previousZxid = previousZxid;
        }

        boolean onRecord(long seq, ExpandableArrayBuffer record, int length) {
            if (badSeq >= 0) {
                throw segment.corrupt("record " + badSeq + " fails its check (" + badCheck
                        + ") but is followed by record " + seq);
            }
            LogRecordDescriptor.Check check = LogRecordDescriptor.check(crc, record, length);
            if (check != LogRecordDescriptor.Check.VALID) {
                badSeq = seq;
                badCheck = check;
                return true;
            }
            long zxid = LogRecordDescriptor.zxid(record);
            if (zxid <= previousZxid) {
                throw segment.corrupt("record " + seq + " has zxid 0x" + Long.toHexString(zxid)
                        + ", not above the previous zxid 0x" + Long.toHexString(previousZxid));
            }
            if (endZxid != Manifest.OPEN && zxid > endZxid) {
                throw segment.corrupt("record " + seq + " has zxid 0x" + Long.toHexString(zxid)
                        + ", past the segment's end zxid 0x" + Long.toHexString(endZxid) + " without reaching it");
            }
            firstZxid = count == 0 ? zxid : firstZxid;
            lastZxid = zxid;
            previousZxid = zxid;
            count++;
            return endZxid == Manifest.OPEN || zxid != endZxid;
        }

        /** Returns whether the segment ends in a torn record; throws if it is short of its end zxid. */
        boolean finish() {
            if (endZxid == Manifest.OPEN) {
                return badSeq >= 0;
            }
            if (lastZxid != endZxid) {
                String why = badSeq >= 0 ? "record " + badSeq + " fails its check (" + badCheck + ")"
                        : "it ends at zxid 0x" + Long.toHexString(lastZxid);
                throw segment.corrupt(why + " before the end zxid 0x" + Long.toHexString(endZxid)
                        + " the manifest records");
            }
            return false;
        }
    }
}
