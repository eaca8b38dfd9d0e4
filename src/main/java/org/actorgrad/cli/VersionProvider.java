package org.actorgrad.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, and the JVM and kernel path in use. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
        "actorgrad " + (version == null ? "(development build)" : version),
        "Java " + Runtime.version() + ", kernel " + org.actorgrad.kernel.Dense.path()};
  }
}
