package dev.coord.recipes.election;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Participant is one contender of a {@link LeaderElection} as the others see it: its id, its payload
 * (an address, say), its node and the fencing token it would lead with (its node's creating zxid).
 *
 * <p>Node data layout: {@code [int idLength][id, UTF-8][payload]}.
 */
public record Participant(String id, byte[] payload, String nodePath, long fencingToken) {
    public Participant {
        payload = payload.clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    static byte[] encode(String id, byte[] payload) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + idBytes.length + payload.length).putInt(idBytes.length).put(idBytes).put(payload).array();
    }

    static Participant decode(String nodePath, long fencingToken, byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        if (data.length < 4) {
            return new Participant("", data, nodePath, fencingToken);
        }
        int idLength = b.getInt();
        if (idLength < 0 || idLength > b.remaining()) {
            return new Participant("", data, nodePath, fencingToken);
        }
        byte[] id = new byte[idLength];
        b.get(id);
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        return new Participant(new String(id, StandardCharsets.UTF_8), payload, nodePath, fencingToken);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Participant p && id.equals(p.id) && Arrays.equals(payload, p.payload)
                && nodePath.equals(p.nodePath) && fencingToken == p.fencingToken;
    }

    @Override
    public int hashCode() {
        return 31 * nodePath.hashCode() + Long.hashCode(fencingToken);
    }

    @Override
    public String toString() {
        return "Participant[" + id + ", " + nodePath + ", token 0x" + Long.toHexString(fencingToken) + "]";
    }
}
