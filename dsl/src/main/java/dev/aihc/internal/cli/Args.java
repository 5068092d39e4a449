package dev.aihc.internal.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsed {@code --flag value}, {@code --flag=value}, boolean flags and positional arguments. */
final class Args {
  final List<String> positional = new ArrayList<>();
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> given = new java.util.HashSet<>();

  /**
   * Parses {@code args}: flags in {@code valued} take a value, flags in {@code switches} do not; any
   * other {@code -x} is a usage error naming it.
   */
  static Args parse(List<String> args, Set<String> valued, Set<String> switches) {
    Args a = new Args();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        a.positional.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (arg.startsWith("-") && arg.length() > 1) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        if (valued.contains(name)) {
          String value;
          if (arg.contains("=")) {
            value = arg.substring(arg.indexOf('=') + 1);
          } else if (i + 1 < args.size()) {
            value = args.get(++i);
          } else {
            throw new UsageException(name + " needs a value");
          }
          a.values.put(name, value);
          a.given.add(name);
        } else if (switches.contains(name) && !arg.contains("=")) {
          a.given.add(name);
        } else {
          throw new UsageException("unknown option " + name);
        }
      } else {
        a.positional.add(arg);
      }
    }
    return a;
  }

  boolean has(String flag) {
    return given.contains(flag);
  }

  String value(String flag) {
    return values.get(flag);
  }

  int intValue(String flag, int fallback) {
    String v = values.get(flag);
    if (v == null) return fallback;
    try {
      int n = Integer.parseInt(v);
      if (n < 0) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " needs a whole number >= 0 but was '" + v + "'");
    }
  }
}
