package dev.aihc.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Displays kept in memory: what each output shows now, and how often outputs were shown and updated. */
final class RecordingDisplays implements Displays {
  final Map<String, String> html = new LinkedHashMap<>();
  final Map<String, String> text = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();

  @Override
  public String show(String html, String text) {
    String id = "d" + this.html.size();
    this.html.put(id, html);
    this.text.put(id, text);
    calls.add("show " + id);
    return id;
  }

  @Override
  public void update(String id, String html, String text) {
    if (!this.html.containsKey(id)) throw new AssertionError("update of unknown display " + id);
    this.html.put(id, html);
    this.text.put(id, text);
    calls.add("update " + id);
  }

  /** As the kernel shows a cell's value: through a basekernel renderer with this product's views registered. */
  @Override
  public String html(Object value) {
    io.github.spencerpark.jupyter.kernel.display.Renderer renderer = new io.github.spencerpark.jupyter.kernel.display.Renderer();
    IJavaSupport.register(renderer);
    Object html = renderer.render(value).getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML);
    return html == null ? String.valueOf(value) : html.toString();
  }

  long updates() {
    return calls.stream().filter(c -> c.startsWith("update")).count();
  }

  /** The current HTML of the one output containing {@code marker}. */
  String showing(String marker) {
    List<String> found = html.values().stream().filter(h -> h.contains(marker)).toList();
    if (found.size() != 1) throw new AssertionError(found.size() + " outputs contain " + marker + ": " + html);
    return found.get(0);
  }
}
