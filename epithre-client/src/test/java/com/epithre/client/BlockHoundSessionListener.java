package com.epithre.client;

import java.util.ServiceLoader;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Installs BlockHound once for the whole test run: the integrations of the libraries (Reactor, Netty, ...) first, then
 * {@link TestBlockHoundIntegration}, whose exceptions must narrow what those mark as non-blocking threads. (Their
 * integrations all compare as equal, so sorting alone cannot put ours last.)
 */
public class BlockHoundSessionListener implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		BlockHound.Builder builder = BlockHound.builder();
		ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
		builder.with(new TestBlockHoundIntegration());
		builder.install();
	}

}
