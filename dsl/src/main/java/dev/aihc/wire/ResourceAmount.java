package dev.aihc.wire;

import java.util.List;

/**
 * An amount of a queue's resources, as DescribeQueue(s) reports {@code capability}, {@code deserved}
 * and {@code allocated}. AIHC sends quantities as strings and sometimes gives CPU only in millicores.
 *
 * @param milliCPUcores CPU in thousandths of a core
 * @param cpuCores CPU cores
 * @param memoryGi memory in GiB
 * @param acceleratorCardList accelerators by model
 */
public record ResourceAmount(String milliCPUcores, String cpuCores, String memoryGi,
    List<AcceleratorCard> acceleratorCardList) {
  /** Normalises an absent list. */
  public ResourceAmount {
    acceleratorCardList = acceleratorCardList == null ? List.of() : List.copyOf(acceleratorCardList);
  }

  /** CPU cores, from {@code cpuCores} or else {@code milliCPUcores}; 0 when neither is given. */
  public double cpu() {
    if (cpuCores != null && !cpuCores.isBlank()) return number(cpuCores);
    return number(milliCPUcores) / 1000;
  }

  /** Memory in GiB; 0 when not given. */
  public double memory() {
    return number(memoryGi);
  }

  /** How many accelerators of {@code descriptor} (such as {@code baidu.com/a800_80g_cgpu}). */
  public double accelerators(String descriptor) {
    return acceleratorCardList.stream().filter(c -> descriptor.equals(c.acceleratorDescription()))
        .mapToDouble(AcceleratorCard::count).sum();
  }

  static double number(String text) {
    if (text == null || text.isBlank()) return 0;
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
