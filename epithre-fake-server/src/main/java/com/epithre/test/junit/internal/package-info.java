/**
 * Internal helpers of the JUnit Jupiter support; not for use outside this module.
 */
@NullMarked
package com.epithre.test.junit.internal;

import org.jspecify.annotations.NullMarked;
