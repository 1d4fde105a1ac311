package io.inrvo.data.testing.server;

import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the builders: each names the argument and echoes the bad value. */
final class Arguments {

  private Arguments() {}

  /** Checks a setting for a configuration file: a name of the given form, a value on one line. */
  static void requireSetting(Pattern namePattern, String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (!namePattern.matcher(name).matches()) {
      throw new IllegalArgumentException("setting name must match " + namePattern + ", got: " + name);
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("setting " + name + " must be one line, got: " + value);
    }
  }
}
