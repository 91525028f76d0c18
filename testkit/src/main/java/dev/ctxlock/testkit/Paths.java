package dev.ctxlock.testkit;

import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.BackendWithContext;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.TimedBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Takes the lock under test by each {@link Way}, through the contract's hooks: which ways the
 * pair has (witness forms when a witness is supplied, timed forms where a backend is timed), and
 * one dispatch for all of them.
 */
final class Paths<L extends Lock<long[], B>, B extends Backend<?>, C> {

  /** How long one timed attempt in a retry loop waits. */
  static final Duration RETRY_TIMEOUT = Duration.ofMillis(2);

  private final BackendPairContract<L, B, C> contract;
  private final @Nullable BackendWithContext<B, C, ?> witness;
  private final List<Way> ways = new ArrayList<>();

  Paths(BackendPairContract<L, B, C> contract) {
    this.contract = contract;
    this.witness = contract.witness();
    ways.addAll(List.of(Way.LOCK, Way.TRY_LOCK, Way.LOCK_WITH, Way.TRY_LOCK_WITH));
    if (witness != null) {
      ways.add(Way.WITNESS_LOCK_WITH);
      ways.add(Way.WITNESS_TRY_LOCK_WITH);
    }
    if (contract.annotatedBackendIsTimed()) {
      ways.add(Way.TIMED_TRY_LOCK);
      ways.add(Way.LOCK_INTERRUPTIBLY);
    }
    if (contract.contextualBackendIsTimed()) {
      ways.add(Way.TIMED_TRY_LOCK_WITH);
    }
    if (witness != null && witness.contextual() instanceof TimedBackend) {
      ways.add(Way.WITNESS_TIMED_TRY_LOCK_WITH);
    }
  }

  /** Every way this pair can be taken. */
  List<Way> all() {
    return ways;
  }

  /** The ways that wait at most a timeout or give up on interruption. */
  List<Way> timed() {
    List<Way> timed = new ArrayList<>();
    for (Way way : ways) {
      if (way.ordinal() >= Way.TIMED_TRY_LOCK.ordinal()) {
        timed.add(way);
      }
    }
    return timed;
  }

  /** Takes the lock by {@code way}, retrying a try until it succeeds. */
  Guard<long[], ?> acquire(L lock, Way way, @Nullable C context) throws InterruptedException {
    return acquireCounting(lock, way, context, new LongAdder());
  }

  /** {@link #acquire}, counting the failed attempts of a try. */
  Guard<long[], ?> acquireCounting(L lock, Way way, @Nullable C context, LongAdder failedTries)
      throws InterruptedException {
    switch (way) {
      case LOCK:
        return lock.lock();
      case LOCK_WITH:
        return contract.lockWith(lock, Objects.requireNonNull(context));
      case WITNESS_LOCK_WITH:
        return lock.lockWith(Objects.requireNonNull(witness), Objects.requireNonNull(context));
      case LOCK_INTERRUPTIBLY:
        return contract.lockInterruptibly(lock);
      default:
        for (int attempt = 1; ; attempt++) {
          Guard<long[], ?> g = tryOnce(lock, way, context);
          if (g != null) {
            return g;
          }
          failedTries.increment();
          if (attempt % 64 == 0) {
            Thread.yield();
          } else {
            Thread.onSpinWait();
          }
        }
    }
  }

  /** One attempt by a try {@code way} (a timed one waits {@link #RETRY_TIMEOUT}); null if busy. */
  @Nullable Guard<long[], ?> tryOnce(L lock, Way way, @Nullable C context)
      throws InterruptedException {
    switch (way) {
      case TRY_LOCK:
        return lock.tryLock();
      case TRY_LOCK_WITH:
        return contract.tryLockWith(lock, Objects.requireNonNull(context));
      case WITNESS_TRY_LOCK_WITH:
        return lock.tryLockWith(Objects.requireNonNull(witness), Objects.requireNonNull(context));
      default:
        return tryFor(lock, way, context, RETRY_TIMEOUT);
    }
  }

  /** One timed attempt by a timed try {@code way}, waiting at most {@code timeout}. */
  @Nullable Guard<long[], ?> tryFor(L lock, Way way, @Nullable C context, Duration timeout)
      throws InterruptedException {
    switch (way) {
      case TIMED_TRY_LOCK:
        return contract.tryLock(lock, timeout);
      case TIMED_TRY_LOCK_WITH:
        return contract.tryLockWith(lock, Objects.requireNonNull(context), timeout);
      case WITNESS_TIMED_TRY_LOCK_WITH:
        return lock.tryLockWith(timedWitness(), Objects.requireNonNull(context), timeout);
      default:
        throw new IllegalArgumentException(way + " is not a timed try");
    }
  }

  /**
   * The witness, typed for {@code Lock.tryLockWith(with, context, timeout)}; only called for
   * {@link Way#WITNESS_TIMED_TRY_LOCK_WITH}, which exists only when its contextual backend was
   * checked to be a {@link TimedBackend} (the constructor), so the unchecked cast is sound.
   */
  @SuppressWarnings("unchecked")
  private BackendWithContext<B, C, TimedBackend<?>> timedWitness() {
    return (BackendWithContext<B, C, TimedBackend<?>>) (BackendWithContext<B, C, ?>)
        Objects.requireNonNull(witness);
  }
}
