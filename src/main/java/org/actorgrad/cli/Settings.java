package org.actorgrad.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.actorgrad.checkpoint.UnusableFileException;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults for every option, from HOCON: config/trainer.conf (carried in the jar), overridden by
 * environment variables it names and by {@code --config FILE}; options on the command line win.
 * Option {@code --batch-size} reads key {@code actorgrad.training.batch-size}.
 */
final class Settings {
  private final Config config;

  private Settings(Config config) {
    this.config = config;
  }

  /**
   * The defaults for {@code args}: config/trainer.conf under the {@code --config} file they name.
   *
   * @throws UnusableFileException the {@code --config} file is missing, a folder or unreadable (exit 1)
   * @throws IllegalArgumentException the configuration does not parse (exit 2)
   */
  static Settings load(String[] args) {
    Config base = ConfigFactory.parseResources("config/trainer.conf");
    Config file = ConfigFactory.empty();
    for (int i = 0; i < args.length; i++) {
      String path = null;
      if (args[i].equals("--config") && i + 1 < args.length) {
        path = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        path = args[i].substring("--config=".length());
      }
      if (path != null) {
        File f = new File(path);
        // A file that is not there or cannot be read is a failure (exit 1), as a missing --data
        // folder or --model file; one that does not parse is a usage error (exit 2), as a bad option.
        if (!f.isFile()) {
          throw new UnusableFileException("--config " + path + ": " + (f.isDirectory() ? "is a folder, not a file"
              : "no such file") + " (name a HOCON file such as config/trainer.conf)");
        }
        if (!f.canRead()) { // the parser would read an unreadable file as an empty one
          throw new UnusableFileException("--config " + path + ": cannot be read (permission denied)");
        }
        try {
          file = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException.IO e) {
          throw new UnusableFileException("--config " + path + ": cannot be read: " + e.getMessage());
        } catch (ConfigException e) {
          // Its message starts with the file's name and line ("x.conf: 2: ..."): not repeated.
          throw new IllegalArgumentException("--config " + e.getMessage());
        }
      }
    }
    try {
      return new Settings(file.withFallback(base).resolve());
    } catch (ConfigException e) {
      throw new IllegalArgumentException("configuration: " + e.getMessage());
    }
  }

  IDefaultValueProvider defaults() {
    return this::defaultValue;
  }

  private String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String key = "actorgrad.training." + option.longestName().replaceFirst("^--", "");
    return config.hasPath(key) ? config.getString(key) : null;
  }

  /** The project folder: set by the launcher, else the working directory. */
  static Path home() {
    return Paths.get(System.getProperty("actorgrad.home", ".")).toAbsolutePath().normalize();
  }
}
