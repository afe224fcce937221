package dev.coord.zab;

/**
 * Zxid builds and splits transaction ids: the epoch in the high 32 bits, a counter in the low 32.
 */
public final class Zxid {
    private Zxid() {
    }

    public static long of(long epoch, long counter) {
        return epoch << 32 | (counter & 0xFFFF_FFFFL);
    }

    public static long epoch(long zxid) {
        return zxid >>> 32;
    }

    public static long counter(long zxid) {
        return zxid & 0xFFFF_FFFFL;
    }

    /** "0x&lt;hex&gt;", as logs and the peer's status line print zxids. */
    public static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }
}
