package dev.aihc.dsl;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One entry of {@code jobSpec.resources}: what each replica asks for. Names are {@code cpu} (cores),
 * {@code memory} and {@code sharedMemory} (GB) or an accelerator descriptor (a count).
 *
 * @param name the resource name
 * @param quantity the amount, kept without trailing zeros so that {@code 8} equals {@code 8.0}
 */
public record Resource(String name, BigDecimal quantity) {
  /** Normalises the quantity so equal amounts compare equal. */
  public Resource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(quantity, "quantity");
    quantity = quantity.stripTrailingZeros();
    if (quantity.scale() < 0) quantity = quantity.setScale(0);
  }

  /** A resource of {@code quantity} units of {@code name}. */
  public static Resource of(String name, double quantity) {
    return new Resource(name, BigDecimal.valueOf(quantity));
  }

  /** Whether this is an accelerator (GPU or XPU) count. */
  public boolean isAccelerator() {
    return Gpu.isAccelerator(name);
  }

  /** {@code 8 × baidu.com/a800_80g_cgpu}, {@code cpu 64}, {@code memory 512 GB}. */
  @Override
  public String toString() {
    String q = quantity.toPlainString();
    if (isAccelerator()) return q + " × " + name;
    if (name.equals("memory") || name.equals("sharedMemory")) return name + " " + q + " GB";
    return name + " " + q;
  }
}
