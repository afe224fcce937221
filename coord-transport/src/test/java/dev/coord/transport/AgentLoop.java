package dev.coord.transport;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.agrona.DirectBuffer;

/**
 * AgentLoop is a stand-in for a peer's agent thread in tests: it owns one {@link Transport}, polls it,
 * blocks in {@code awaitWork} when idle, and runs tasks and a workload submitted by the test.
 *
 * <p>Threading: the transport is touched only on the loop's own thread; tests reach it through
 * {@link #call} and read the recorded events and failure from any thread.
 */
final class AgentLoop implements AutoCloseable {
    private final Transport transport;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Set<Integer> connected = ConcurrentHashMap.newKeySet();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile MessageHandler handler = (from, buffer, offset, length) -> { };
    private volatile BooleanSupplier workload;
    private volatile boolean polling = true;
    private volatile boolean running = true;
    private volatile Throwable failure;

    AgentLoop(Transport transport) {
        this.transport = transport;
        transport.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnected(int peerId) {
                connected.add(peerId);
                events.add("connected " + peerId);
            }

            @Override
            public void onDisconnected(int peerId) {
                connected.remove(peerId);
                events.add("disconnected " + peerId);
            }
        });
        this.thread = new Thread(this::run, "agent-" + transport.selfId());
        thread.setDaemon(true);
    }

    /** Starts the loop thread; returns this. */
    AgentLoop start() {
        thread.start();
        return this;
    }

    Transport transport() {
        return transport;
    }

    /** Replaces the handler of received messages; it runs on the loop thread. */
    void onMessage(MessageHandler messageHandler) {
        this.handler = messageHandler;
    }

    /** Sets a duty-cycle step run on the loop thread; it returns true while it wants to run again at once. */
    void workload(BooleanSupplier step) {
        this.workload = step;
        wake();
    }

    /** Stops or resumes polling the transport: a stopped loop reads nothing from its sockets. */
    void polling(boolean poll) {
        this.polling = poll;
        wake();
    }

    Set<Integer> connectedPeers() {
        return connected;
    }

    /** A snapshot of the connection events so far (the loop's thread keeps adding to them). */
    List<String> events() {
        return List.copyOf(events);
    }

    Throwable failure() {
        return failure;
    }

    /** Runs {@code action} on the loop thread and returns its result. */
    <T> T call(Function<Transport, T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(action.apply(transport));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        wake();
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("agent call failed", e);
        }
    }

    /** Sends one message from the loop thread; returns whether it was queued. */
    boolean send(int peerId, DirectBuffer buffer, int offset, int length) {
        return call(t -> t.send(peerId, buffer, offset, length));
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wake() {
        transport.wakeup();
        LockSupport.unpark(thread);
    }

    private void run() {
        try {
            while (running) {
                boolean busy = false;
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                    busy = true;
                }
                if (polling) {
                    busy |= transport.poll((from, buffer, offset, length) ->
                        handler.onMessage(from, buffer, offset, length), 256) > 0;
                }
                BooleanSupplier step = workload;
                if (step != null) {
                    busy |= step.getAsBoolean();
                }
                if (!busy && tasks.isEmpty()) {
                    if (polling) {
                        transport.awaitWork(TimeUnit.MILLISECONDS.toNanos(50));
                    } else {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            transport.close();
        }
    }
}
