package dev.cozebridge.arch.violations.command;

import okhttp3.OkHttpClient;

/** A command that speaks HTTP itself. */
public record Reset(OkHttpClient http) {}
