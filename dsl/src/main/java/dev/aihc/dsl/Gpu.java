package dev.aihc.dsl;

import java.util.Optional;

/**
 * The accelerator descriptors AIHC knows, for {@link Job#gpus(Gpu, int)}. An unlisted descriptor
 * still works through {@link Job#gpus(String, int)}.
 */
public enum Gpu {
  /** NVIDIA A800 80 GB. */
  A800("baidu.com/a800_80g_cgpu"),
  /** NVIDIA A100 80 GB. */
  A100_80G("baidu.com/a100_80g_cgpu"),
  /** NVIDIA A100 40 GB. */
  A100_40G("baidu.com/a100_40g_cgpu"),
  /** NVIDIA H800 80 GB. */
  H800("baidu.com/h800_80g_cgpu"),
  /** NVIDIA H20 96 GB. */
  H20_96G("baidu.com/h20_96g_cgpu"),
  /** NVIDIA H20 141 GB. */
  H20_141G("baidu.com/h20_141g_cgpu"),
  /** NVIDIA A10 24 GB. */
  A10("baidu.com/a10_24g_cgpu"),
  /** NVIDIA V100 32 GB. */
  V100("baidu.com/v100_32g_cgpu"),
  /** NVIDIA RTX 3090. */
  RTX_3090("baidu.com/rtx_3090_cgpu"),
  /** Baidu Kunlun XPU (baidu.com descriptor). */
  BAIDU_XPU("baidu.com/xpu"),
  /** Kunlunxin XPU. */
  KUNLUNXIN_XPU("kunlunxin.com/xpu");

  private final String descriptor;

  Gpu(String descriptor) {
    this.descriptor = descriptor;
  }

  /** The resource name used in {@code jobSpec.resources}, such as {@code baidu.com/a800_80g_cgpu}. */
  public String descriptor() {
    return descriptor;
  }

  /** The constant for a resource name, if it is a known accelerator descriptor. */
  public static Optional<Gpu> ofDescriptor(String resourceName) {
    for (Gpu g : values()) {
      if (g.descriptor.equals(resourceName)) return Optional.of(g);
    }
    return Optional.empty();
  }

  /**
   * Whether a resource name denotes an accelerator: a known descriptor, or any vendor-prefixed name
   * ({@code vendor.com/...}), which is how Kubernetes names extended resources.
   */
  public static boolean isAccelerator(String resourceName) {
    return resourceName != null && resourceName.contains("/");
  }
}
