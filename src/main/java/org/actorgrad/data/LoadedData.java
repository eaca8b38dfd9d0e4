package org.actorgrad.data;

/**
 * A data set's training and test parts as read from its four files, with its identity:
 * {@code fingerprint} is the SHA-256 (lowercase hex) of the decompressed contents of the four files
 * concatenated in canonical order (train images, train labels, test images, test labels), so a gzip
 * and a raw copy of the same data have the same fingerprint. Checkpoints record it.
 */
public record LoadedData(Dataset train, Dataset test, String fingerprint) {}
