package dev.aihc.internal.shell;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * Ctrl-C (SIGINT) handling for the console runner.
 *
 * <p>A shutdown hook cannot do this job: it also runs for {@code System.exit(n)} called by the script,
 * and it cannot tell the two apart. {@code sun.misc.Signal} can, but naming it in source draws a
 * "proprietary API" warning that no annotation silences, so it is reached by reflection. Where it is
 * missing the JVM keeps its default (exit on Ctrl-C), which is still correct, only less polite.
 */
final class InterruptSignal {

  private InterruptSignal() {}

  /** Runs {@code handler} on every Ctrl-C; returns false if this JVM offers no way to catch it. */
  static boolean onInterrupt(Runnable handler) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      InvocationHandler forward = (proxy, method, args) -> {
        if (method.getName().equals("handle")) {
          handler.run();
          return null;
        }
        if (method.getName().equals("hashCode")) {
          return System.identityHashCode(proxy);
        }
        if (method.getName().equals("equals")) {
          return proxy == args[0];
        }
        return "InterruptSignal handler";
      };
      Object proxy = Proxy.newProxyInstance(
          InterruptSignal.class.getClassLoader(), new Class<?>[] {handlerClass}, forward);
      Object sigint = signalClass.getConstructor(String.class).newInstance("INT");
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, sigint, proxy);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }
}
