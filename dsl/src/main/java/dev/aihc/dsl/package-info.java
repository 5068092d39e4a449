/**
 * The job DSL: an immutable {@link dev.aihc.dsl.Job} composed with fluent steps named after the AIHC
 * CreateJob fields, its validation and its JSON form.
 */
package dev.aihc.dsl;
