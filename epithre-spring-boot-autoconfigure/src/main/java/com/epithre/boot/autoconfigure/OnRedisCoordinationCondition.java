package com.epithre.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import com.epithre.boot.autoconfigure.EpithreCoordinationProperties.Mode;

/**
 * Matches when {@code epithre.coordination.mode} binds to {@code REDIS}, with the same relaxed enum binding as the
 * properties ({@code redis}, {@code REDIS}, {@code re-dis}), so that every spelling the properties accept as Redis
 * means Redis here too. A value that does not bind does not match; binding the properties then fails start-up naming it.
 */
final class OnRedisCoordinationCondition extends SpringBootCondition {

	private static final String PROPERTY = "epithre.coordination.mode";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Epithre coordination");
		Mode mode;
		try {
			mode = Binder.get(context.getEnvironment()).bind(PROPERTY, Mode.class).orElse(Mode.LOCAL);
		}
		catch (BindException ex) {
			return ConditionOutcome.noMatch(message.because(PROPERTY + " does not bind: " + ex.getMessage()));
		}
		return (mode == Mode.REDIS) ? ConditionOutcome.match(message.because(PROPERTY + " is redis"))
				: ConditionOutcome.noMatch(message.because(PROPERTY + " is " + mode));
	}

}
