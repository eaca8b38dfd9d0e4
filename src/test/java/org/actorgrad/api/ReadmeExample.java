package org.actorgrad.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Java example in README.md (the code block after {@code <!-- example: Example.java -->}). */
final class ReadmeExample {
  static final String MARKER = "<!-- example: Example.java -->";

  private ReadmeExample() {}

  static String source() throws IOException {
    String project = System.getProperty("actorgrad.project", ".");
    String readme = Files.readString(Path.of(project, "README.md"));
    int marker = readme.indexOf(MARKER);
    if (marker < 0) {
      throw new IllegalStateException("README.md has no " + MARKER + " before the API example");
    }
    int start = readme.indexOf("```java\n", marker) + "```java\n".length();
    int end = readme.indexOf("```", start);
    return readme.substring(start, end);
  }
}
