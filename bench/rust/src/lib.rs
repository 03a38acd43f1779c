//! Shared pieces of the Rust bench binaries: command-line parsing, CPU and memory readings,
//! the result line every bench client prints.

use std::time::Instant;

/// The command line of a bench client: `--workload W --count N --url U --fixtures DIR`.
#[derive(Debug, Clone)]
pub struct Args {
    /// get | list | create | concurrent | cold
    pub workload: String,
    /// Measured calls.
    pub count: usize,
    /// Calls before the measurement.
    pub warmup: usize,
    /// Calls in flight for `concurrent`.
    pub inflight: usize,
    /// The server's base URL.
    pub url: String,
    /// The directory of the fixtures (client.json, list.json, create.json).
    pub fixtures: String,
    /// Any other `--name value` pair.
    pub extra: Vec<(String, String)>,
}

impl Args {
    /// Parses `--name value` pairs.
    pub fn parse_from(argv: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut a = Args {
            workload: "get".into(),
            count: 100,
            warmup: 0,
            inflight: 64,
            url: std::env::var("AUTHLETE_SERVER_URL").unwrap_or_default(),
            fixtures: String::new(),
            extra: Vec::new(),
        };
        let mut it = argv;
        while let Some(k) = it.next() {
            let v = it.next().ok_or_else(|| format!("{k} needs a value"))?;
            let num = || v.parse::<usize>().map_err(|e| format!("{k}: {e}"));
            match k.as_str() {
                "--workload" => a.workload = v.clone(),
                "--count" => a.count = num()?,
                "--warmup" => a.warmup = num()?,
                "--inflight" => a.inflight = num()?,
                "--url" => a.url = v.clone(),
                "--fixtures" => a.fixtures = v.clone(),
                _ => a.extra.push((k.trim_start_matches('-').to_owned(), v.clone())),
            }
        }
        Ok(a)
    }

    /// A fixture file's text.
    pub fn fixture(&self, name: &str) -> Result<String, String> {
        let path = std::path::Path::new(&self.fixtures).join(name);
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// User + system CPU seconds of this process so far (/proc/self/stat, clock ticks).
pub fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks = |i: usize| f.get(i).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident set size of this process in kB (VmHWM).
pub fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// A measurement in progress.
pub struct Meter {
    wall: Instant,
    cpu: f64,
}

impl Meter {
    /// Starts measuring.
    pub fn start() -> Meter {
        Meter { wall: Instant::now(), cpu: cpu_seconds() }
    }

    /// The result line: `{"calls":N,"wall_s":..,"cpu_s":..,"rss_kb":..}`.
    pub fn finish(self, calls: usize) -> String {
        let wall = self.wall.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - self.cpu;
        format!("{{\"calls\":{calls},\"wall_s\":{wall:.6},\"cpu_s\":{cpu:.4},\"rss_kb\":{}}}", peak_rss_kb())
    }
}
