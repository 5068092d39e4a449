package dev.aihc.local.internal.store;

import dev.aihc.wire.JobStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Rows read from result sets in the column order of {@link Db}'s selects, and values bound to statements. */
final class Rows {
  private Rows() {}

  static JobRow jobRow(ResultSet r) throws SQLException {
    return new JobRow(r.getString(1), r.getString(2), JobStatus.fromWire(r.getString(3)), r.getString(4),
        r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
        nullableInt(r, 11), r.getLong(12), nullableLong(r, 13));
  }

  static PodRow podRow(ResultSet r) throws SQLException {
    return new PodRow(r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getString(5), r.getInt(6),
        nullableInt(r, 7), r.getString(8), nullableLong(r, 9), nullableLong(r, 10), nullableLong(r, 11),
        nullableLong(r, 12));
  }

  static Integer nullableInt(ResultSet r, int column) throws SQLException {
    int v = r.getInt(column);
    return r.wasNull() ? null : v;
  }

  static Long nullableLong(ResultSet r, int column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? null : v;
  }

  static void setNullable(PreparedStatement s, int i, Number v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.INTEGER);
    } else {
      s.setLong(i, v.longValue());
    }
  }

  static void bind(PreparedStatement s, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) s.setObject(i + 1, args.get(i));
  }
}
