package dev.coord.recipes.membership;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * ServiceInstance is one provider of a named service as registered in {@link ServiceDiscovery}: where
 * to reach it and free-form metadata (the seeds' load-balancing example: "address, IP, port").
 *
 * <p>Node data layout: {@code [UTF name][UTF id][UTF address][int port][int n]([UTF key][UTF value]){n}}.
 */
public record ServiceInstance(String name, String id, String address, int port, Map<String, String> metadata) {
    public ServiceInstance {
        metadata = Map.copyOf(metadata);
    }

    /** An instance without metadata. */
    public static ServiceInstance of(String name, String id, String address, int port) {
        return new ServiceInstance(name, id, address, port, Map.of());
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(name);
            out.writeUTF(id);
            out.writeUTF(address);
            out.writeInt(port);
            Map<String, String> sorted = new TreeMap<>(metadata);
            out.writeInt(sorted.size());
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes an instance; throws IllegalArgumentException if the data is not one. */
    static ServiceInstance decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            String name = in.readUTF();
            String id = in.readUTF();
            String address = in.readUTF();
            int port = in.readInt();
            int n = in.readInt();
            Map<String, String> metadata = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                metadata.put(in.readUTF(), in.readUTF());
            }
            return new ServiceInstance(name, id, address, port, metadata);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a service instance: " + e.getMessage(), e);
        }
    }
}
