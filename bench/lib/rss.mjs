/**
 * Resident-set and CPU accounting for a server child. RSS is sampled every 100 ms (so a peak
 * inside a run is seen even though the kernel's maxRSS can't be reset), and CPU time is
 * measured between resets so each run reports how busy the server was.
 */

const MB = 1024 * 1024

/**
 * Start sampling this process.
 *
 * @example
 * const meter = startResourceMeter()
 * meter.reset()
 * // ... load ...
 * meter.read() // { rssNowMB, rssPeakMB, maxRssMB, heapUsedMB, cpuPercent, cpuMs }
 */
export function startResourceMeter(intervalMs = 100) {
  let peak = process.memoryUsage.rss()
  let cpuStart = process.cpuUsage()
  let wallStart = performance.now()
  const sample = () => {
    const rss = process.memoryUsage.rss()
    if (rss > peak) peak = rss
    return rss
  }
  const timer = setInterval(sample, intervalMs)
  timer.unref()
  return {
    reset() {
      peak = sample()
      cpuStart = process.cpuUsage()
      wallStart = performance.now()
    },
    read() {
      const rss = sample()
      const cpu = process.cpuUsage(cpuStart)
      const wallMs = performance.now() - wallStart
      return {
        rssNowMB: round(rss / MB),
        rssPeakMB: round(peak / MB),
        // resourceUsage().maxRSS is in kilobytes and covers the whole process lifetime.
        maxRssMB: round((process.resourceUsage().maxRSS * 1024) / MB),
        heapUsedMB: round(process.memoryUsage().heapUsed / MB),
        cpuPercent: wallMs > 0 ? round(((cpu.user + cpu.system) / 1000 / wallMs) * 100) : 0,
        cpuMs: round((cpu.user + cpu.system) / 1000),
      }
    },
    stop() {
      clearInterval(timer)
    },
  }
}

function round(value) {
  return Math.round(value * 10) / 10
}
