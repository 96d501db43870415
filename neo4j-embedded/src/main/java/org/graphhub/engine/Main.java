package org.graphhub.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Runs a Neo4j 5.26 Community engine in this JVM with Bolt on loopback.
 *
 * <p>Arguments: data directory and Bolt port. The password of user neo4j comes from
 * the environment variable GRAPHHUB_NEO4J_PASSWORD so it never shows in a process list.
 * Prints "graphhub-neo4j ready bolt://127.0.0.1:PORT" once Bolt accepts logins, and
 * shuts the engine down cleanly on SIGTERM or SIGINT.
 */
public final class Main {
    private static final String READY = "graphhub-neo4j ready";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: Main DATA_DIR BOLT_PORT");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv("GRAPHHUB_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("GRAPHHUB_NEO4J_PASSWORD must be set to at least 8 characters");
            System.exit(2);
        }
        long pageCacheMb = Long.parseLong(envOr("GRAPHHUB_NEO4J_PAGECACHE_MB", "512"));
        long txMemoryMb = Long.parseLong(envOr("GRAPHHUB_NEO4J_TX_MEMORY_MB", "0"));

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.udc_enabled, false);
        if (txMemoryMb > 0) {
            builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                    ByteUnit.mebiBytes(txMemoryMb));
        }
        DatabaseManagementService service = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("graphhub-neo4j stopping");
            service.shutdown();
            System.out.println("graphhub-neo4j stopped");
            stopped.countDown();
        }, "graphhub-neo4j-shutdown"));

        setPassword(service, password);
        System.out.println(READY + " bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    private static void setPassword(DatabaseManagementService service, String password) {
        try {
            service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // Restarting on an existing data directory with the same password is fine.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
