package dev.aihc.dsl;

/**
 * CreateJob JSON that cannot be read: broken syntax, or a field of the wrong type. The message names
 * the line, the column and the field.
 */
public final class JobJsonException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final int column;
  private final String field;

  /** A failure at {@code line}:{@code column} (1-based; 0 when unknown) in {@code field}. */
  public JobJsonException(String problem, int line, int column, String field, Throwable cause) {
    super("cannot read job JSON at line " + line + ", column " + column
        + (field == null || field.isEmpty() ? "" : " (field " + field + ")") + ": " + problem, cause);
    this.line = line;
    this.column = column;
    this.field = field == null ? "" : field;
  }

  /** The 1-based line of the failure. */
  public int line() {
    return line;
  }

  /** The 1-based column of the failure. */
  public int column() {
    return column;
  }

  /** The field path, such as {@code jobSpec.replicas}, or empty at the top level. */
  public String field() {
    return field;
  }
}
