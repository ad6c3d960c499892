package com.epithre.client.internal;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * Wraps test buffers in reference-counted Netty buffers so a test can count releases.
 */
final class TrackingBuffers {

	private final List<ByteBuf> netty;

	private final List<DataBuffer> wrapped;

	TrackingBuffers(List<DataBuffer> buffers) {
		NettyDataBufferFactory factory = new NettyDataBufferFactory(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
		this.netty = buffers.stream().map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return Unpooled.wrappedBuffer(bytes);
		}).toList();
		this.wrapped = this.netty.stream().map((buf) -> (DataBuffer) factory.wrap(buf)).toList();
	}

	List<DataBuffer> wrapped() {
		return this.wrapped;
	}

	long released() {
		return this.netty.stream().filter((buf) -> buf.refCnt() == 0).count();
	}

}
