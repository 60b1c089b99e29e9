package dev.cairn.server;

/**
 * What a failure to verify (registry down, too slow, garbage) does, mirroring the webhook's
 * {@code failurePolicy}: {@code FAIL} denies, {@code IGNORE} admits with a warning. A policy
 * violation (a signature that does not verify) denies either way; Audit rules only ever warn.
 */
public enum FailurePolicy { FAIL, IGNORE }
