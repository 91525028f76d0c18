package dev.ctxlock.sync;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The program {@link LockStatPrintTest} runs in a child JVM: ten acquisitions of one lock and one
 * contended one, then a normal exit, when {@code -Dctxlock.stats=print} prints the table. Prints
 * whether the statistics were on to {@code System.out}.
 */
final class LockStatPrintMain {

  private LockStatPrintMain() {}

  @SuppressWarnings("try") // a guard held only for its lock
  public static void main(String[] args) throws Exception {
    Mutex<int[]> lock = LockValidator.setClass(new Mutex<>("printed", new int[1]), "printed");
    for (int i = 0; i < 10; i++) {
      try (Guard<int[], MutexBackend> g = lock.lock()) {
        g.get()[0]++;
      }
    }
    CountDownLatch held = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    AtomicBoolean waiting = new AtomicBoolean();
    Thread holder =
        new Thread(
            () -> {
              try (Guard<int[], MutexBackend> g = lock.lock()) {
                held.countDown();
                // Until main is parked in its lock() below: its first attempt failed.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!(waiting.get()
                        && main.getState() == Thread.State.WAITING
                        && LockSupport.getBlocker(main) != null)
                    && System.nanoTime() < deadline) {
                  Thread.onSpinWait();
                }
                Thread.sleep(100);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    holder.start();
    if (!held.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the holder did not start");
    }
    waiting.set(true);
    try (Guard<int[], MutexBackend> g = lock.lock()) {
      g.get()[0]++;
    }
    holder.join(10_000);
    System.out.println("enabled=" + LockStat.isEnabled());
  }
}
