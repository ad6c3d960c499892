package com.epithre.client;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound lets pass in this module's tests: the threads of the fake Epithre server (test support, not the
 * client under test) and of Redisson (whose worker pools wait on queues in Netty's thread class), and short waits
 * inside libraries that are not blocking I/O: Spring's multipart boundary (a {@code SecureRandom} read of
 * {@code /dev/urandom}), the locks of Netty 4.2's adaptive buffer allocator, Jackson's deserializer cache, the JDK's
 * scheduled executor queue and Redisson's list of pending commands ({@code WrappedLock}, taken on the caller's thread
 * when a command is sent; seen contended once on JDK 25), and {@code ImageIO.read} in the tests' own assertions.
 */
public class TestBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.nonBlockingThreadPredicate(
				(current) -> current.and((thread) -> !thread.getName().startsWith("fake-epithre-")
						&& !thread.getName().startsWith("redisson-")));
		builder.allowBlockingCallsInside("org.springframework.util.MimeTypeUtils", "generateMultipartBoundary");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
				"tryExpandMagazines");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
		builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
				"_createAndCacheValueDeserializer");
		builder.allowBlockingCallsInside("javax.imageio.ImageIO", "read");
		builder.allowBlockingCallsInside("org.redisson.misc.WrappedLock", "execute");
		builder.allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue", "offer");
		builder.allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue", "remove");
	}

}
