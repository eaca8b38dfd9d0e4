package org.actorgrad.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.actorgrad.checkpoint.UnusableFileException;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults for every option, from HOCON: config/trainer.conf (carried in the jar), overridden by
 * environment variables it names and by {@code --config FILE}; options on the command line win.
 * Option {@code --batch-size} reads key {@code actorgrad.training.batch-size}.
 */
final class Settings {
  private static final String PREFIX = "actorgrad.training.";

  private final Config config;
  private final Config file; // the --config file's own keys (empty without one)
  private final String fileName;

  private Settings(Config config, Config file, String fileName) {
    this.config = config;
    this.file = file;
    this.fileName = fileName;
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
    String fileName = null;
    for (int i = 0; i < args.length; i++) {
      String path = null;
      if (args[i].equals("--config") && i + 1 < args.length) {
        path = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        path = args[i].substring("--config=".length());
      }
      if (path != null) {
        fileName = path;
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
      return new Settings(file.withFallback(base).resolve(), file, fileName);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("configuration: " + e.getMessage());
    }
  }

  /**
   * Refuses a {@code --config} file key that no option of {@code root} or its subcommands reads: a
   * misspelt key, or an option's name outside {@code actorgrad.training}, was silently ignored and
   * the run took the default.
   *
   * @throws IllegalArgumentException naming the first such key (exit 2)
   */
  void requireKnownKeys(CommandLine root) {
    Set<String> options = new HashSet<>();
    List<CommandLine> commands = new ArrayList<>(List.of(root));
    commands.addAll(root.getSubcommands().values());
    commands.forEach(c -> c.getCommandSpec().options().forEach(o -> options.add(name(o))));
    TreeSet<String> keys = new TreeSet<>();
    file.entrySet().forEach(e -> keys.add(e.getKey()));
    for (String key : keys) {
      String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : null;
      if (name != null && options.contains(name)) {
        continue;
      }
      String leaf = key.substring(key.lastIndexOf('.') + 1);
      List<String> near = UserErrors.nearest(name != null ? name : leaf, options);
      throw new IllegalArgumentException("--config " + fileName + ": unknown key '" + key + "'"
          + (near.isEmpty() ? "" : "; did you mean " + PREFIX + near.get(0) + "?")
          + " (an option's default is set by its long name under actorgrad.training, as in config/trainer.conf)");
    }
  }

  /** "--config FILE's actorgrad.training.NAME" when that file sets the option's default, else null. */
  String fileKeyOf(OptionSpec option) {
    return file.hasPath(key(option)) ? "--config " + fileName + "'s " + key(option) : null;
  }

  /** An option's name in the configuration: {@code --batch-size} is {@code batch-size}. */
  private static String name(OptionSpec option) {
    return option.longestName().replaceFirst("^--", "");
  }

  /** The key that sets an option's default: {@code actorgrad.training.batch-size}. */
  private static String key(OptionSpec option) {
    return PREFIX + name(option);
  }

  IDefaultValueProvider defaults() {
    return this::defaultValue;
  }

  private String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    return config.hasPath(key(option)) ? config.getString(key(option)) : null;
  }

  /** The project folder: set by the launcher, else the working directory. */
  static Path home() {
    return Paths.get(System.getProperty("actorgrad.home", ".")).toAbsolutePath().normalize();
  }
}
