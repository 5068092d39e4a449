package dev.aihc.wire;

/**
 * One kind of accelerator in a queue's {@link ResourceAmount}.
 *
 * @param acceleratorType the model, such as {@code NVIDIA A800} (AIHC leaves it empty in {@code allocated})
 * @param acceleratorCount how many, as a decimal string ({@code "8"}, {@code "0.5"})
 * @param acceleratorDescription the descriptor jobs ask for, such as {@code baidu.com/a800_80g_cgpu}
 */
public record AcceleratorCard(String acceleratorType, String acceleratorCount, String acceleratorDescription) {
  /** The count as a number; 0 when absent or not a number. */
  public double count() {
    return ResourceAmount.number(acceleratorCount);
  }
}
