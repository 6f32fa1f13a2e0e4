#include "relctl/claim/status_file.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <vector>

#include <fmt/format.h>

namespace relctl::claim {
namespace {

namespace fs = std::filesystem;

std::string err_text(int e) { return std::generic_category().message(e); }

void on_lock_alarm(int /*signo*/) {
  // Nothing to do: the signal only interrupts the waiting flock().
}

// The process that holds a flock on (dev, ino), from /proc/locks; 0 when
// unknown. Only for the message.
long lock_holder(const struct stat& st) {
  std::ifstream locks("/proc/locks");
  std::string line;
  const std::string needle = fmt::format("{:02x}:{:02x}:{} ", major(st.st_dev), minor(st.st_dev),
                                         static_cast<unsigned long>(st.st_ino));
  while (std::getline(locks, line)) {
    if (line.find("->") != std::string::npos || line.find("FLOCK") == std::string::npos) continue;
    if (line.find(needle) == std::string::npos) continue;
    std::istringstream in(line);
    std::string id, cls, mode, access;
    long pid = 0;
    if (in >> id >> cls >> mode >> access >> pid) return pid;
  }
  return 0;
}

// flock(LOCK_EX) that gives up at `deadline`. A repeating SIGALRM (installed
// without SA_RESTART) interrupts the wait; it repeats so that a signal that
// arrives before flock() starts waiting cannot leave it waiting for ever.
bool flock_until(int fd, std::chrono::steady_clock::time_point deadline, int* error) {
  if (flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
  if (errno != EWOULDBLOCK) {
    *error = errno;
    return false;
  }
  if (std::chrono::steady_clock::now() >= deadline) {
    *error = EWOULDBLOCK;
    return false;
  }
  struct sigaction act {};
  struct sigaction old {};
  act.sa_handler = on_lock_alarm;
  sigemptyset(&act.sa_mask);
  act.sa_flags = 0;  // no SA_RESTART: flock() returns EINTR
  sigaction(SIGALRM, &act, &old);
  sigset_t unblock;
  sigset_t old_mask;
  sigemptyset(&unblock);
  sigaddset(&unblock, SIGALRM);
  pthread_sigmask(SIG_UNBLOCK, &unblock, &old_mask);
  itimerval timer{};
  timer.it_interval.tv_usec = 20'000;
  timer.it_value.tv_usec = 20'000;
  setitimer(ITIMER_REAL, &timer, nullptr);
  bool locked = false;
  for (;;) {
    if (flock(fd, LOCK_EX) == 0) {
      locked = true;
      break;
    }
    if (errno != EINTR) {
      *error = errno;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      *error = EWOULDBLOCK;
      break;
    }
  }
  itimerval off{};
  setitimer(ITIMER_REAL, &off, nullptr);
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  sigaction(SIGALRM, &old, nullptr);
  return locked;
}

bool write_all(int fd, std::string_view bytes) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    off += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

StatusFile::StatusFile(fs::path path, std::string display) : display_(std::move(display)) {
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  path_ = ec ? std::move(path) : std::move(real);
  temp_prefix_ = "." + path_.filename().string() + ".relctl-";
}

StatusFile::Lock::~Lock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor drops the flock
}

StatusFile::Lock StatusFile::lock(std::chrono::milliseconds timeout) const {
  const fs::path dir = path_.parent_path().empty() ? fs::path(".") : path_.parent_path();
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    throw StoreError(
        e == ENOENT || e == ENOTDIR ? StoreError::Kind::kMissing : StoreError::Kind::kIo,
        fmt::format("{}: cannot open its folder {} to take the claim lock: {}", display_,
                    dir.string(), err_text(e)));
  }
  Lock held(fd);
  int error = 0;
  if (flock_until(fd, std::chrono::steady_clock::now() + timeout, &error)) return held;
  if (error == EWOULDBLOCK) {
    struct stat st {};
    const long pid = ::fstat(fd, &st) == 0 ? lock_holder(st) : 0;
    throw StoreError(
        StoreError::Kind::kLockTimeout,
        fmt::format("{}: another claim writer{} still held the lock after {:.3g}s; nothing was "
                    "written (try again, or raise --lock-timeout)",
                    display_, pid > 0 ? fmt::format(" (process {})", pid) : std::string(),
                    static_cast<double>(timeout.count()) / 1000.0));
  }
  throw StoreError(StoreError::Kind::kIo, fmt::format("{}: cannot lock its folder {}: {}", display_,
                                                      dir.string(), err_text(error)));
}

void StatusFile::check_writable() const {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) {
    const int e = errno;
    throw StoreError(StoreError::Kind::kIo, fmt::format("{}: {}", display_, err_text(e)));
  }
  if ((st.st_mode & 0222) == 0) {
    throw StoreError(StoreError::Kind::kReadOnly,
                     fmt::format("{} is read-only (no write permission); nothing was written "
                                 "(make it writable to record claims)",
                                 display_));
  }
  if (::access(path_.c_str(), W_OK) != 0) {
    const int e = errno;
    throw StoreError(
        StoreError::Kind::kReadOnly,
        fmt::format("{} cannot be written ({}); nothing was written", display_, err_text(e)));
  }
  const fs::path dir = path_.parent_path().empty() ? fs::path(".") : path_.parent_path();
  if (::access(dir.c_str(), W_OK) != 0) {
    const int e = errno;
    throw StoreError(StoreError::Kind::kReadOnly,
                     fmt::format("{}: its folder cannot be written ({}), and the new file is "
                                 "written beside it and renamed over it; nothing was written",
                                 display_, err_text(e)));
  }
}

void StatusFile::remove_orphans(const Lock& /*held*/) const {
  const fs::path dir = path_.parent_path().empty() ? fs::path(".") : path_.parent_path();
  std::error_code ec;
  std::vector<fs::path> orphans;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(temp_prefix_, 0) == 0) orphans.push_back(it->path());
  }
  for (const auto& p : orphans) fs::remove(p, ec);  // best effort
}

void StatusFile::replace(std::string_view bytes, const Lock& held) const {
  const fs::path dir = path_.parent_path().empty() ? fs::path(".") : path_.parent_path();
  std::string tmpl = (dir / (temp_prefix_ + "XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    throw StoreError(
        e == ENOENT || e == ENOTDIR ? StoreError::Kind::kMissing : StoreError::Kind::kIo,
        fmt::format("{}: cannot create a temporary file beside it: {}; nothing was "
                    "written",
                    display_, err_text(e)));
  }
  const std::string tmp(name.data());
  auto fail = [&](const char* step, int e) {
    ::unlink(tmp.c_str());
    throw StoreError(
        StoreError::Kind::kIo,
        fmt::format("{}: {} failed: {}; the file was left as it was", display_, step, err_text(e)));
  };
  // The new file gets the old one's permissions (and owner, where allowed).
  struct stat st {};
  const bool have_old = ::stat(path_.c_str(), &st) == 0;
  if (!write_all(fd, bytes)) {
    const int e = errno;
    ::close(fd);
    fail("writing the new content", e);
  }
  if (::fchmod(fd, have_old ? (st.st_mode & 07777) : 0644) != 0) {
    const int e = errno;
    ::close(fd);
    fail("setting the permissions of the new file", e);
  }
  if (have_old) {
    struct stat mine {};
    if (::fstat(fd, &mine) == 0 && (mine.st_uid != st.st_uid || mine.st_gid != st.st_gid)) {
      [[maybe_unused]] const int ignored = ::fchown(fd, st.st_uid, st.st_gid);
    }
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    fail("flushing the new file to disk (fsync)", e);
  }
  if (::close(fd) != 0) fail("closing the new file", errno);
  if (::rename(tmp.c_str(), path_.c_str()) != 0) fail("renaming the new file over it", errno);
  // The rename itself is durable once the folder is flushed.
  if (::fsync(held.fd_) != 0) {
    const int e = errno;
    throw StoreError(StoreError::Kind::kIo,
                     fmt::format("{}: the new content is in place, but flushing its folder "
                                 "(fsync) failed: {}",
                                 display_, err_text(e)));
  }
}

}  // namespace relctl::claim
