package org.actorgrad.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Java examples in README.md (the code block after {@code <!-- example: NAME.java -->}). */
final class ReadmeExample {
  static final String MARKER = "<!-- example: Example.java -->";

  private ReadmeExample() {}

  /** The first example, Example.java. */
  static String source() throws IOException {
    return source("Example.java");
  }

  /** The example written to {@code file}, e.g. OwnDataExample.java. */
  static String source(String file) throws IOException {
    String project = System.getProperty("actorgrad.project", ".");
    String readme = Files.readString(Path.of(project, "README.md"));
    String tag = "<!-- example: " + file + " -->";
    int marker = readme.indexOf(tag);
    if (marker < 0) {
      throw new IllegalStateException("README.md has no " + tag + " before the API example");
    }
    int start = readme.indexOf("```java\n", marker) + "```java\n".length();
    int end = readme.indexOf("```", start);
    return readme.substring(start, end);
  }
}
