package org.actorgrad.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.actorgrad.testing.SyntheticIdx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library as another Maven project uses it: the packaged jar and this pom are installed (by
 * maven-install-plugin's install-file, as {@code ./mvnw install} installs them) into a fresh local
 * repository, and a tiny consumer project whose only code is README's API examples is built and
 * tested against it with {@code mvn -o} (README's second example too: training from a CSV file
 * and from image folders). Everything else the builds need is read from this
 * build's own local repository through a file mirror (settings.xml), so nothing is downloaded and
 * the user's repository is not touched.
 */
class ApiConsumerIT {
  @TempDir Path tmp;

  @Test
  void anotherMavenProjectBuildsAndRunsTheReadmeExampleAgainstTheInstalledJar() throws Exception {
    String version = System.getProperty("actorgrad.version");
    Path project = Path.of(System.getProperty("actorgrad.project"));
    Path repo = tmp.resolve("repository");
    Path settings = tmp.resolve("settings.xml");
    Files.writeString(settings, """
        <settings>
          <mirrors>
            <mirror><id>this-build</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
          </mirrors>
        </settings>
        """.formatted(Path.of(System.getProperty("actorgrad.m2")).toUri()));
    Path consumer = Files.createDirectories(tmp.resolve("consumer"));
    mvn(project, consumer, repo, settings, "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file",
        "-Dfile=" + System.getProperty("actorgrad.library"), "-DpomFile=" + project.resolve("pom.xml"));
    Path installed = repo.resolve("org/actorgrad/actorgrad/" + version);
    assertTrue(Files.isRegularFile(installed.resolve("actorgrad-" + version + ".jar")));
    assertTrue(Files.isRegularFile(installed.resolve("actorgrad-" + version + ".pom")));

    Path data = SyntheticIdx.write(tmp.resolve("data"), 1200, 300, 5);
    Path out = tmp.resolve("runs");
    String[] own = ReadmeExampleTest.ownData(tmp.resolve("own"));
    Files.writeString(consumer.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>example</groupId>
          <artifactId>consumer</artifactId>
          <version>1</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencyManagement>
            <!-- aeron-client asks for agrona in a version range, which Maven resolves from
                 maven-metadata.xml; the file mirror below holds only maven-metadata-central.xml,
                 so offline the consumer pins the version this build resolved from Central. -->
            <dependencies>
              <dependency>
                <groupId>org.agrona</groupId>
                <artifactId>agrona</artifactId>
                <version>%s</version>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <dependencies>
            <dependency>
              <groupId>org.actorgrad</groupId>
              <artifactId>actorgrad</artifactId>
              <version>%s</version>
            </dependency>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <version>5.14.1</version>
              <scope>test</scope>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.13.0</version>
              </plugin>
              <plugin>
                <artifactId>maven-surefire-plugin</artifactId>
                <version>3.5.2</version>
                <configuration>
                  <systemPropertyVariables>
                    <data>%s</data>
                    <out>%s</out>
                    <csv>%s</csv>
                    <images>%s</images>
                  </systemPropertyVariables>
                </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(agronaVersion(), version, data, out, own[0], own[1]));
    Path main = Files.createDirectories(consumer.resolve("src/main/java"));
    Files.writeString(main.resolve("Example.java"), ReadmeExample.source());
    Files.writeString(main.resolve("OwnDataExample.java"), ReadmeExample.source("OwnDataExample.java"));
    Path test = Files.createDirectories(consumer.resolve("src/test/java"));
    Files.writeString(test.resolve("ExampleTest.java"), """
        class ExampleTest {
          @org.junit.jupiter.api.Test
          void runs() throws Exception {
            Example.main(new String[] {System.getProperty("data"), System.getProperty("out")});
          }

          @org.junit.jupiter.api.Test
          void trainsFromACsvAndImageFolders() throws Exception {
            OwnDataExample.main(new String[] {System.getProperty("csv"), System.getProperty("images")});
          }
        }
        """);
    String log = mvn(project, consumer, repo, settings, "test");
    assertTrue(log.contains("test accuracy 0."), log);
    assertTrue(log.contains("csv: test accuracy ") && log.contains("; image folders: test accuracy "), log);
    for (String file : List.of("model.agc", "model.onnx", "model.safetensors")) {
      assertTrue(Files.size(out.resolve(file)) > 1000, file + "\n" + log);
    }
  }

  /** The agrona version on this build's class path: the folder name of its jar in the local repository. */
  private static String agronaVersion() throws Exception {
    Path jar = Path.of(org.agrona.BitUtil.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return jar.getParent().getFileName().toString();
  }

  /** Runs the project's Maven wrapper offline in {@code dir}; returns its output, failing on a non-zero exit. */
  private static String mvn(Path project, Path dir, Path repo, Path settings, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(project.resolve("mvnw").toString(), "-B", "-o",
        "-Daether.offline.protocols=file", "-s", settings.toString(), "-Dmaven.repo.local=" + repo));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir.getParent(), "mvn", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // Maven's own JVM runs briefly: the C1 compiler alone starts it faster (a common Maven tip).
    builder.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1");
    Process p = builder.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("mvn " + String.join(" ", args) + " did not finish within 5 minutes:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "mvn " + String.join(" ", args) + ":\n" + output);
    return output;
  }
}
