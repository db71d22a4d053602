package dev.sigil.db.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one clock tests move by hand, shared by every module's tests: frozen at an instant
 * (unit and slice tests, where only the test moves time), or following the real clock
 * with an offset (whole servers, whose threads need time to pass). Tests move it; they
 * never sleep for it.
 */
public final class TestClock extends Clock {

	private final boolean followsRealTime;

	private volatile Instant base;

	private TestClock(Instant base, boolean followsRealTime) {
		this.base = base;
		this.followsRealTime = followsRealTime;
	}

	/** A clock that stands at the instant until it is moved. */
	public static TestClock frozenAt(Instant instant) {
		return new TestClock(instant, false);
	}

	/** A clock that tells the real time, plus however far it has been moved. */
	public static TestClock followingRealTime() {
		return new TestClock(Instant.EPOCH, true);
	}

	/** Moves the clock, forward or (with a negative duration) back. */
	public void advance(Duration duration) {
		this.base = this.base.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.followsRealTime ? Instant.now().plus(Duration.between(Instant.EPOCH, this.base)) : this.base;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
