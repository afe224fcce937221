package dev.coord.examples.recipes;

import dev.coord.Coordinator;
import dev.coord.Session;
import dev.coord.recipes.naming.IdGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

/**
 * IdsExample: the seeds' naming service. Two order servers (each with a session of its own) take
 * order ids {@code order-<date>-<sequence>} from one generator path at the same time; every id is
 * unique and each server's ids grow.
 */
public final class IdsExample {
    private static final int PER_SERVER = 5;

    private IdsExample() {
    }

    public static void main(String[] args) {
        ExampleRun.main("ids", args, IdsExample::run);
    }

    private static void run(Coordinator coord, String base, ExampleRun out) throws Exception {
        String path = base + "/orders";
        List<List<String>> byServer = new ArrayList<>();
        List<Thread> servers = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (int s = 1; s <= 2; s++) {
            Session session = coord.openSession(Duration.ofSeconds(10));
            sessions.add(session);
            IdGenerator ids = new IdGenerator(session, path, "order");
            List<String> mine = new ArrayList<>();
            byServer.add(mine);
            String name = "server-" + s;
            Thread t = new Thread(() -> {
                for (int i = 0; i < PER_SERVER; i++) {
                    String id = ids.next();
                    synchronized (mine) {
                        mine.add(id);
                    }
                    out.say(name + " took " + id);
                }
            }, name);
            servers.add(t);
            t.start();
        }
        for (Thread t : servers) {
            t.join(ExampleRun.TIME_LIMIT.toMillis());
        }
        sessions.forEach(Session::close);
        List<String> all = new ArrayList<>();
        for (List<String> mine : byServer) {
            synchronized (mine) {
                ExampleRun.check(mine.size() == PER_SERVER, "a server got " + mine.size() + " ids");
                for (int i = 1; i < mine.size(); i++) {
                    ExampleRun.check(IdGenerator.sequenceOf(mine.get(i)) > IdGenerator.sequenceOf(mine.get(i - 1)),
                            "ids did not grow: " + mine);
                }
                all.addAll(mine);
            }
        }
        ExampleRun.check(new HashSet<>(all).size() == all.size(), "duplicate ids: " + all);
        all.sort(Comparator.comparingLong(IdGenerator::sequenceOf));
        out.say(all.size() + " ids, all unique, each server's growing: " + all.get(0) + " .. " + all.get(all.size() - 1));
    }
}
