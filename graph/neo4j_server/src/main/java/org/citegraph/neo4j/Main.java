package org.citegraph.neo4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;

/**
 * Runs the Neo4j Community engine embedded, with its Bolt connector enabled.
 *
 * <p>Usage: {@code Main HOME_DIR CONFIG_FILE}. The configuration file is an ordinary
 * neo4j.conf (Bolt address, memory, auth). The password of the {@code neo4j} user is read
 * from the environment variable {@code CITEGRAPH_NEO4J_PASSWORD} and set on every start.
 * SIGTERM shuts the engine down cleanly.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Main HOME_DIR CONFIG_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path config = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(home);

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(config)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("citegraph-neo4j: shutting down");
            service.shutdown();
            System.out.println("citegraph-neo4j: stopped");
            stopped.countDown();
        }, "citegraph-neo4j-shutdown"));

        try {
            setPassword(service, System.getenv("CITEGRAPH_NEO4J_PASSWORD"));
        } catch (RuntimeException e) {
            System.out.println("citegraph-neo4j: could not set the password: " + e.getMessage());
            System.exit(1); // runs the shutdown hook
        }
        System.out.println("citegraph-neo4j: ready");
        System.out.flush();
        stopped.await();
    }

    private static void setPassword(DatabaseManagementService service, String password) {
        if (password == null || password.isEmpty()) {
            return;
        }
        GraphDatabaseService system = service.database("system");
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (!e.getMessage().contains("cannot be the same")) {
                throw e;
            }
        }
    }
}
