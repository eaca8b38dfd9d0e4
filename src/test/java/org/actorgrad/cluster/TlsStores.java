package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Key and trust stores made by keytool at test time, in {@code dir}: {@code cluster.p12} (the
 * cluster's key), {@code trust.p12} (trusting only it) and {@code intruder.p12} (another key).
 */
final class TlsStores {
  static final String PASSWORD = "test-only-secret";

  private final Path dir;

  private TlsStores(Path dir) {
    this.dir = dir;
  }

  static TlsStores make(Path dir) throws IOException, InterruptedException {
    keytool("-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=actorgrad-cluster", "-storetype", "PKCS12", "-keystore", dir.resolve("cluster.p12").toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-exportcert", "-alias", "node", "-keystore", dir.resolve("cluster.p12").toString(),
        "-storepass", PASSWORD, "-file", dir.resolve("cluster.crt").toString());
    keytool("-importcert", "-noprompt", "-alias", "node", "-file", dir.resolve("cluster.crt").toString(),
        "-storetype", "PKCS12", "-keystore", dir.resolve("trust.p12").toString(), "-storepass", PASSWORD);
    keytool("-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=intruder", "-storetype", "PKCS12", "-keystore", dir.resolve("intruder.p12").toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD);
    return new TlsStores(dir);
  }

  /** Node settings with TLS on, presenting the key in {@code keyStore} and trusting the cluster's key. */
  Config tls(String keyStore) {
    return ConfigFactory.parseMap(Map.of(
        "actorgrad.cluster.tls.enabled", true,
        "actorgrad.cluster.tls.key-store", dir.resolve(keyStore).toString(),
        "actorgrad.cluster.tls.key-store-password", PASSWORD,
        "actorgrad.cluster.tls.trust-store", dir.resolve("trust.p12").toString(),
        "actorgrad.cluster.tls.trust-store-password", PASSWORD));
  }

  Path path(String file) {
    return dir.resolve(file);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
    assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args) + ":\n" + output);
  }
}
