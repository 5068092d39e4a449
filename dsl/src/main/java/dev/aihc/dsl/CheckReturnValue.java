package dev.aihc.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a step whose result is the point of calling it: DSL values are immutable, so
 * {@code job.rdma();} on its own line changes nothing, and only {@code job = job.rdma();} does.
 *
 * <p>Static analysis that honours any annotation of this simple name (Error Prone's
 * {@code CheckReturnValue} check, IntelliJ's "result of method call ignored" inspection) flags the
 * dropped result. Ours, so the DSL adds no run-time dependency; kept at run time so a test can check
 * that every fluent step carries it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface CheckReturnValue {}
