# The relay between a replica's command and its log (see ReplicaLauncher): copies what the command writes to its
# standard output and error (one pipe, so their order is kept) to the log, appending. A write that fails (a full
# disk) does not stop it: it keeps reading, so the command never blocks or dies on its output, counts what it
# could not write, and once writing works again puts one line where the gap is and adds the gap to the lost file
# (bytes, tab, why), which the engine reports as a LogWriteFailed event. It ignores TERM and INT (it ends when its
# command does: at the end of its input, or when the wrapper sends WINCH once the command ended, after draining
# what is left, so that output of processes the command left behind cannot hold the replica's end back).
# Arguments: the log, the lost file, the engine home (named in the gap line). Only core Perl: perl-base.
BEGIN { $SIG{WINCH} = sub { $main::stop = 1 } }
$SIG{PIPE} = 'IGNORE';
my ($path, $lost_file, $home) = @ARGV;
my $log;
open($log, '>>', $path) or open($log, '>', '/dev/null') or die "cannot open $path: $!\n";
my ($lost, $why, $nl, $buf, $deadline) = (0, '', 1, '', 0);
my $rin = '';
vec($rin, 0, 1) = 1;
for (;;) {
  if ($main::stop && !$deadline) { $deadline = time + 2 }
  last if $deadline && time > $deadline;
  my $n = select(my $r = $rin, undef, undef, $main::stop ? 0 : 0.5);
  if ($n <= 0) {
    last if $n == 0 && $main::stop;
    next;
  }
  $n = sysread(STDIN, $buf, 1 << 20);
  if (!defined $n) {
    next if $! == 4 || $! == 11; # EINTR, EAGAIN
    last;
  }
  last if $n == 0;
  put($buf);
}
gap() if $lost;
exit 0;

# Writes $_[0] to the log, or counts what could not be written.
sub put {
  if ($lost && !gap()) {
    $lost += length $_[0];
    return;
  }
  my ($off, $len) = (0, length $_[0]);
  while ($off < $len) {
    my $w = syswrite($log, $_[0], $len - $off, $off);
    if (!defined $w) {
      next if $! == 4;
      $why = lc "$!";
      $lost += $len - $off;
      last;
    }
    $off += $w;
  }
  $nl = substr($_[0], $off - 1, 1) eq "\n" if $off > 0;
}

# Writes the line that marks the gap and records it in the lost file; false while the log cannot be written.
sub gap {
  my $line = ($nl ? '' : "\n") . "[aihc-local] " . size($lost) . " of output lost: $why on $home\n";
  my $w = syswrite($log, $line);
  return 0 unless defined $w && $w == length $line;
  if (open(my $f, '>>', $lost_file)) {
    print $f "$lost\t$why\n";
    close $f;
  }
  ($lost, $nl) = (0, 1);
  return 1;
}

sub size {
  my $b = shift;
  return "$b bytes" if $b < 1024;
  return sprintf("%.1f KB", $b / 1024) if $b < 1024 * 1024;
  return sprintf("%.1f MB", $b / (1024 * 1024)) if $b < 1024 * 1024 * 1024;
  return sprintf("%.1f GB", $b / (1024 * 1024 * 1024));
}
