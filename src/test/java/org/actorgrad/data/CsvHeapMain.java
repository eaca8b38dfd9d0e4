package org.actorgrad.data;

import java.nio.file.Path;

/** Reads one CSV file and prints its size: run by CsvDataTest in a child JVM with a small heap. */
public final class CsvHeapMain {
  private CsvHeapMain() {}

  public static void main(String[] args) {
    CsvTable t = CsvTable.read(Path.of(args[0]));
    System.out.println(t.rows() + " rows of " + t.columns() + " values, value[1] " + (t.values()[1] & 0xFF));
  }
}
