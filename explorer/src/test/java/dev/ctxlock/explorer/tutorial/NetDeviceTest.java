package dev.ctxlock.explorer.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.explorer.Explorer;
import dev.ctxlock.explorer.Failure;
import dev.ctxlock.explorer.Report;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tutorial of docs/explorer.md, as tests: what it shows is what these assert. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetDeviceTest {

  @Test
  void theExplorerFindsTheInterruptDeadlock() {
    Report report =
        Explorer.explorer()
            .explore(
                s -> {
                  NetDevice.Buggy dev = new NetDevice.Buggy();
                  s.thread("xmit", () -> dev.xmit(1));
                  s.interrupt("xmit", irqOff -> dev.onReceive(irqOff, 2));
                });
    System.out.println(report);
    assertEquals(Failure.DEADLOCK, report.failure());
    assertTrue(report.trace().contains("<Interrupt>"), report::toString);
    assertTrue(report.trace().contains("lock(stats);"), report::toString);
    Report again =
        Explorer.explorer()
            .replay(
                s -> {
                  NetDevice.Buggy dev = new NetDevice.Buggy();
                  s.thread("xmit", () -> dev.xmit(1));
                  s.interrupt("xmit", irqOff -> dev.onReceive(irqOff, 2));
                },
                report.schedule());
    assertEquals(report.trace(), again.trace());
  }

  @Test
  void theFirstFixHasAnInversionTheExplorerFinds() {
    Report report =
        Explorer.explorer()
            .explore(
                s -> {
                  NetDevice.HalfFixed dev = new NetDevice.HalfFixed();
                  s.thread("xmit", () -> dev.xmit(1));
                  s.thread("xmit2", () -> dev.xmit(3));
                  s.interrupt("xmit", irqOff -> dev.onReceive(irqOff, 2));
                });
    System.out.println(report);
    assertEquals(Failure.DEADLOCK, report.failure());
    assertTrue(report.trace().contains("CPU1 (xmit2)"), report::toString);
  }

  @Test
  void theFixIsCleanOverEverySchedule() {
    Report report =
        Explorer.explorer()
            .explore(
                s -> {
                  NetDevice.Fixed dev = new NetDevice.Fixed();
                  s.thread("xmit", () -> dev.xmit(1));
                  s.thread("xmit2", () -> dev.xmit(3));
                  s.interrupt("xmit", irqOff -> dev.onReceive(irqOff, 2));
                  s.check(() -> {
                    if (dev.received() > 1) { // the interrupt arrives at most once, maybe never
                      throw new AssertionError("received " + dev.received());
                    }
                  });
                });
    System.out.println(report);
    report.assertNoFailure();
    assertTrue(report.exhaustive());
  }
}
