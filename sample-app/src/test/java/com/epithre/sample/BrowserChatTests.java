package com.epithre.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.epithre.test.FakeEpithreServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drives the chat page in Debian's headless Chromium (installed by {@code .ci/run}; never a downloaded browser).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserChatTests {

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	private static final String REPLY = "Jakarta is the capital of Indonesia and its largest city, home to more than "
			+ "ten million people on the north coast of the island of Java";

	private static WebDriver driver;

	private static Path profile;

	@LocalServerPort
	private int port;

	@Autowired
	private FakeEpithreServer fakeServer;

	@BeforeAll
	static void startBrowser() throws Exception {
		boolean installed = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
		if (!installed && "true".equals(System.getenv("CI"))) {
			fail("CI=true but Debian's chromium/chromium-driver are not installed (" + CHROMIUM + ", " + CHROMEDRIVER
					+ "); .ci/run installs them");
		}
		assumeTrue(installed, "Chromium not installed: apt-get install chromium chromium-driver");
		profile = Files.createTempDirectory("epithre-chromium");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		driver = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() throws Exception {
		if (driver != null) {
			driver.quit();
		}
		if (profile != null) {
			try (var files = Files.walk(profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

	@Test
	void replyStreamsInTokenByTokenAndReportsUsageAndTimeToFirstToken() {
		this.fakeServer.defaultReply(REPLY).streamChunkDelay(Duration.ofMillis(60));
		openPage();
		driver.findElement(By.id("send")).click();
		List<Integer> lengths = new ArrayList<>();
		new WebDriverWait(driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(25)).until((d) -> {
			int length = replyText().length();
			if (lengths.isEmpty() || lengths.get(lengths.size() - 1) != length) {
				lengths.add(length);
			}
			return replyText().equals(REPLY);
		});
		assertThat(lengths).as("the reply grew in several steps, not all at once").hasSizeGreaterThan(5);
		assertThat(lengths).isSorted();
		String status = new WebDriverWait(driver, Duration.ofSeconds(10))
			.until((d) -> text("status").startsWith("done") ? text("status") : null);
		assertThat(status).contains("time to first token", "tokens in", "out");
		assertThat(driver.findElement(By.id("banner")).isDisplayed()).isTrue();
	}

	@Test
	void stopButtonEndsTheStreamAndCancelsUpstream() {
		this.fakeServer.defaultReply(REPLY + " " + REPLY).streamChunkDelay(Duration.ofMillis(150));
		openPage();
		driver.findElement(By.id("send")).click();
		new WebDriverWait(driver, Duration.ofSeconds(20)).until((d) -> replyText().split(" ").length >= 3);
		driver.findElement(By.id("stop")).click();
		assertThat(this.fakeServer.awaitDisconnects(1, Duration.ofSeconds(10)))
			.as("stopping in the browser closed the upstream Epithre stream")
			.isTrue();
		int stoppedAt = replyText().length();
		assertThat(stoppedAt).isLessThan((REPLY + " " + REPLY).length());
		assertThat(text("status")).isEqualTo("stopped");
		// six times the 150 ms token pace: a live stream would have added tokens meanwhile
		assertThatExceptionOfType(TimeoutException.class)
			.isThrownBy(() -> new WebDriverWait(driver, Duration.ofMillis(900)).pollingEvery(Duration.ofMillis(100))
				.until((d) -> replyText().length() != stoppedAt));
		assertThat(driver.findElement(By.id("send")).isEnabled()).isTrue();
	}

	@Test
	void anErrorIsShownAsWhatItMeansNotAsAnException() {
		openPage();
		new Select(driver.findElement(By.id("scenario"))).selectByValue("daily-quota");
		driver.findElement(By.id("send")).click();
		WebElement error = new WebDriverWait(driver, Duration.ofSeconds(10))
			.until((d) -> driver.findElement(By.id("error")).isDisplayed() ? driver.findElement(By.id("error")) : null);
		assertThat(error.findElement(By.className("error-kind")).getText()).isEqualTo("Daily quota used up");
		assertThat(error.findElement(By.className("error-meta")).getText()).contains("HTTP 429", "rpd_exceeded",
				"request id req");
		assertThat(error.findElement(By.className("error-advice")).getText()).contains("00:00 UTC");
		assertThat(error.getText()).doesNotContain("Exception", "com.epithre");
		assertThat(text("status")).isEqualTo("failed");
		assertThat(driver.findElement(By.id("send")).isEnabled()).isTrue();
	}

	@Test
	void theLayoutFitsA400PixelWideWindow() {
		Dimension original = driver.manage().window().getSize();
		try {
			driver.manage().window().setSize(new Dimension(400, 900));
			openPage();
			JavascriptExecutor js = (JavascriptExecutor) driver;
			Number viewport = (Number) js.executeScript("return document.documentElement.clientWidth;");
			assertThat(viewport.intValue()).as("the window is narrow").isLessThanOrEqualTo(400);
			driver.findElement(By.id("search")).click();
			new WebDriverWait(driver, Duration.ofSeconds(10))
				.until((d) -> !driver.findElements(By.cssSelector("#results li")).isEmpty());
			Number scrollWidth = (Number) js.executeScript("return document.documentElement.scrollWidth;");
			assertThat(scrollWidth.intValue()).as("no horizontal scrollbar at 400 px").isLessThanOrEqualTo(viewport.intValue());
			for (String id : new String[] { "prompt", "send", "stop", "query", "search", "reply" }) {
				WebElement element = driver.findElement(By.id(id));
				assertThat(element.getRect().getX() + element.getRect().getWidth()).as(id + " inside the window")
					.isLessThanOrEqualTo(viewport.intValue());
			}
		}
		finally {
			driver.manage().window().setSize(original);
		}
	}

	private void openPage() {
		driver.get("http://localhost:" + this.port + "/");
		new WebDriverWait(driver, Duration.ofSeconds(10))
			.until((d) -> driver.findElement(By.id("scenario")).isDisplayed());
	}

	private static String replyText() {
		return text("reply");
	}

	private static String text(String id) {
		return driver.findElement(By.id(id)).getText();
	}

}
