package dev.aihc.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dropped DSL step ({@code job.rdma();}) is a bug static analysis should flag: every step is marked. */
class CheckReturnValueTest {

  @Test
  void everyFluentStepIsMarked() throws Exception {
    for (Class<?> value : List.of(Job.class, Datasource.class, FaultTolerance.class, Alert.class)) {
      List<String> unmarked =
          Arrays.stream(value.getDeclaredMethods())
              .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getReturnType() == value)
              .filter(m -> !m.getName().equals("requireValid"))
              .filter(m -> !m.isAnnotationPresent(CheckReturnValue.class))
              .map(Method::toString)
              .toList();
      assertEquals(List.of(), unmarked, value.getSimpleName() + " steps without @CheckReturnValue");
    }
  }

  @Test
  void requireValidIsNotMarkedBecauseItIsCalledForItsCheck() throws Exception {
    assertFalse(Job.class.getMethod("requireValid").isAnnotationPresent(CheckReturnValue.class));
  }
}
