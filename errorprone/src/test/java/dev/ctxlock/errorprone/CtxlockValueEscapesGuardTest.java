package dev.ctxlock.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class CtxlockValueEscapesGuardTest {

  private final CompilationTestHelper compilation =
      Fixtures.withBackendPair(
          CompilationTestHelper.newInstance(CtxlockValueEscapesGuard.class, getClass()));

  @Test
  void flagsValuesUsedAfterTheGuardCloses() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.SpinLock;
            import java.util.List;

            class Test {
              void afterTry(SpinLock<int[]> lock) {
                int[] counts;
                try (var g = lock.lock()) {
                  counts = g.get();
                }
                // BUG: Diagnostic contains: counts holds the value g protects (a Array), and is used here after g is closed
                counts[0]++;
              }

              void throughAnAlias(Mutex<List<String>> lock) {
                List<String> names;
                try (var g = lock.lock()) {
                  var first = g.get();
                  names = first;
                }
                // BUG: Diagnostic contains: names holds the value g protects
                names.add("late");
              }

              void manualClose(Mutex<StringBuilder> lock) {
                StringBuilder text;
                Guard<StringBuilder, ?> g = lock.lock();
                try {
                  text = g.get();
                } finally {
                  g.close();
                }
                // BUG: Diagnostic contains: text holds the value g protects
                text.append('x');
              }

              void insideIsFine(SpinLock<int[]> lock) {
                try (var g = lock.lock()) {
                  int[] counts = g.get();
                  counts[0]++;
                  helper(counts);
                }
              }

              int immutableMayEscape(SpinLock<int[]> lock, Mutex<String> names) {
                int value;
                String name;
                try (var g = lock.lock(); var n = names.lock()) {
                  value = g.get()[0];
                  name = n.get();
                }
                return value + name.length();
              }

              void reassignedBeforeUse(Mutex<StringBuilder> lock) {
                StringBuilder text = new StringBuilder();
                try (var g = lock.lock()) {
                  g.get().append(text);
                }
                text.append('x');
              }

              static void helper(int[] counts) {}
            }
            """)
        .doTest();
  }

  @Test
  void flagsReturnedAndStoredValues() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.LockedBy;
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.SpinLock;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.Map;

            class Test {
              static final class Node {
                Node next;
                int value;
              }

              record Point(int x, String label) {}
              record Box(Node node) {}
              enum Mode { ON, OFF }

              private Node cached;
              private final List<Node> all = new ArrayList<>();
              private final Node[] slots = new Node[4];

              Node returned(SpinLock<Node> lock) {
                try (var g = lock.lock()) {
                  // BUG: Diagnostic contains: The value g protects (a Node) is returned
                  return g.get();
                }
              }

              Node returnedPart(SpinLock<Node> lock) {
                try (var g = lock.lock()) {
                  Node head = g.get();
                  // BUG: Diagnostic contains: is returned
                  return head.next;
                }
              }

              Node returnedThroughLockedBy(SpinLock<int[]> lock, LockedBy<Node, int[]> extra) {
                try (var g = lock.lock()) {
                  // BUG: Diagnostic contains: The value g protects (a Node) is returned
                  return extra.get(g);
                }
              }

              void stored(SpinLock<Node> lock, Map<String, Node> index) {
                try (var g = lock.lock()) {
                  // BUG: Diagnostic contains: stored in field cached
                  cached = g.get();
                  // BUG: Diagnostic contains: stored in an array element
                  slots[0] = g.get();
                  // BUG: Diagnostic contains: stored in a List
                  all.add(g.get());
                  // BUG: Diagnostic contains: stored in a Map
                  index.put("head", g.get());
                  // Linking protected nodes to each other stays under the lock.
                  g.get().next = g.get();
                  List<Node> local = new ArrayList<>();
                  local.add(g.get());
                  helper(local);
                }
              }

              int fromAParameter(Guard<Node, ?> g) {
                Node head = g.get();
                // BUG: Diagnostic contains: stored in field cached
                cached = head;
                return head.value;
              }

              Node lentByTheCaller(Guard<Node, ?> g) {
                return g.get(); // the caller holds g
              }

              Point immutableRecord(Mutex<Point> lock) {
                try (var g = lock.lock()) {
                  return g.get();
                }
              }

              Box mutableRecord(Mutex<Box> lock) {
                try (var g = lock.lock()) {
                  // BUG: Diagnostic contains: is returned
                  return g.get();
                }
              }

              Mode anEnum(Mutex<Mode> lock) {
                try (var g = lock.lock()) {
                  return g.get();
                }
              }

              Integer aBox(Mutex<Integer> lock) {
                try (var g = lock.lock()) {
                  return g.get();
                }
              }

              List<String> aCopy(Mutex<List<String>> lock) {
                try (var g = lock.lock()) {
                  return List.copyOf(g.get());
                }
              }

              Guard<Node, ?> theGuardItself(SpinLock<Node> lock) {
                var g = lock.lock();
                Node head = g.get();
                head.value++;
                return g;
              }

              static void helper(List<Node> nodes) {}
            }
            """)
        .doTest();
  }

  @Test
  void flagsValuesCapturedByCodeThatRunsLater() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.sync.Mutex;
            import java.util.List;
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.ExecutorService;

            class Test {
              private Runnable later;

              void submitted(Mutex<List<String>> lock, ExecutorService executor) {
                try (var g = lock.lock()) {
                  List<String> names = g.get();
                  // BUG: Diagnostic contains: This lambda captures names, the value g protects, and is passed to ExecutorService.submit
                  executor.submit(() -> names.add("x"));
                  // BUG: Diagnostic contains: anonymous class captures names
                  new Thread(new Runnable() {
                    @Override public void run() { names.clear(); }
                  }).start();
                  // BUG: Diagnostic contains: is stored in field later
                  later = () -> names.clear();
                  // BUG: Diagnostic contains: method reference is bound to the value g protects
                  CompletableFuture.runAsync(names::clear);
                  names.forEach(n -> names.contains(n)); // runs in place
                }
              }

              void unlocked(Mutex<List<String>> lock) {
                try (var g = lock.lock()) {
                  List<String> names = g.get();
                  // BUG: Diagnostic contains: runs in runUnlocked, while the lock is released
                  g.runUnlocked(() -> names.add("x"));
                }
              }
            }
            """)
        .doTest();
  }
}
