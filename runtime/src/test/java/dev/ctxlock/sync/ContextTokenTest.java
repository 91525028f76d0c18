package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.testing.Threads;
import org.junit.jupiter.api.Test;

/**
 * Token lifetime and thread checks through Lock's protected hook, with a hand-written subclass
 * standing in for generated code (the processor tests check that generated code calls the hook).
 */
class ContextTokenTest {

  static final class Token extends ContextToken {
    int releases;

    @Override
    protected void release() {
      releases++;
    }
  }

  /** A plain (non-token) proof: gets no lifetime checks. */
  static final class Proof {}

  static final class CtxLock<T> extends Lock<T, SpinLockBackend> {
    CtxLock(T data) {
      super(SpinLockBackend.INSTANCE, data);
    }

    Guard<T, SpinLockBackend> lockWith(Token t) {
      return lockContextual(SpinLockBackend.INSTANCE, t);
    }

    Guard<T, SpinLockBackend> tryLockWith(Token t) {
      return tryLockContextual(SpinLockBackend.INSTANCE, t);
    }

    Guard<T, SpinLockBackend> lockContextualForTest(ContextToken t) {
      return lockContextual(SpinLockBackend.INSTANCE, t);
    }

    Guard<T, SpinLockBackend> lockWith(Proof p) {
      return lockContextual(SpinLockBackend.INSTANCE, p);
    }
  }

  private final CtxLock<int[]> lock = new CtxLock<>(new int[1]);

  private void assertFree() {
    try (Guard<int[], SpinLockBackend> g = lock.tryLock()) {
      assertNotNull(g, "lock should be free");
    }
  }

  @Test
  void closeReleasesOnceAndSecondCloseIsNoOp() {
    Token t = new Token();
    t.close();
    t.close();
    assertEquals(1, t.releases);
  }

  @Test
  void closingWithAnOpenGuardThrowsAndChangesNothing() {
    Token t = new Token();
    Guard<int[], SpinLockBackend> g = lock.lockWith(t);
    IllegalStateException e = assertThrows(IllegalStateException.class, t::close);
    assertTrue(e.getMessage().contains("1 guard(s)"), e.getMessage());
    assertEquals(0, t.releases);
    g.get()[0]++; // guard still fine
    try (Guard<int[], SpinLockBackend> again = lock.tryLockWith(t)) {
      assertNull(again, "still held"); // and the token is still open: tryLockWith checked it
    }
    g.close();
    t.close();
    assertEquals(1, t.releases);
    assertFree();
  }

  @Test
  void guardsAreCountedAcrossRunUnlocked() throws Exception {
    Token t = new Token();
    Guard<int[], SpinLockBackend> g = lock.lockWith(t);
    g.runUnlocked(() -> assertThrows(IllegalStateException.class, t::close));
    g.close();
    t.close();
    assertEquals(1, t.releases);
  }

  @Test
  void closedTokenIsRefusedWithNothingTaken() {
    Token t = new Token();
    t.close();
    assertThrows(IllegalStateException.class, () -> lock.lockWith(t));
    assertThrows(IllegalStateException.class, () -> lock.tryLockWith(t));
    assertFree();
  }

  @Test
  void tokenOfAnotherThreadIsRefusedWithNothingTaken() throws Exception {
    Token t = new Token();
    assertInstanceOf(IllegalStateException.class, Threads.onOtherThread(() -> lock.lockWith(t)));
    assertInstanceOf(
        IllegalStateException.class, Threads.onOtherThread(() -> lock.tryLockWith(t)));
    assertInstanceOf(IllegalStateException.class, Threads.onOtherThread(t::close));
    assertEquals(0, t.releases);
    assertFree();
    t.close();
    assertEquals(1, t.releases);
  }

  @Test
  void nullContextThrowsNpeWithNothingTaken() {
    assertThrows(NullPointerException.class, () -> lock.lockWith((Token) null));
    assertThrows(NullPointerException.class, () -> lock.lockWith((Proof) null));
    assertFree();
  }

  @Test
  void nonTokenContextsGetNoLifetimeChecks() {
    try (Guard<int[], SpinLockBackend> g = lock.lockWith(new Proof())) {
      g.get()[0] = 5;
    }
    assertFree();
  }

  @Test
  void relockRechecksTheTokenAndClosesTheGuardWhenItFails() {
    // A token can only become unusable during runUnlocked through the runtime refusing it; a
    // borrowed token ended early is the way to get there from a test.
    final class Loan extends ContextToken {
      Loan() {
        super(true);
      }

      @Override
      protected void release() {}

      void end() {
        endBorrow(true);
      }
    }
    Loan loan = new Loan();
    Guard<int[], SpinLockBackend> g = lock.lockContextualForTest(loan);
    assertThrows(IllegalStateException.class, loan::close); // borrowed: not the holder's to close
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> g.runUnlocked(loan::end));
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
    assertThrows(IllegalStateException.class, g::get);
    assertFree();
  }
}
