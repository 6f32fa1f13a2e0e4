# Time of a whole `audit` process against input size, relctl and the
# reference (bench/scale.sh writes the data file).
# gnuplot -e "datafile='bench/out/scale.dat'; outfile='docs/scale.png'" bench/scale.gp
set terminal pngcairo size 900,560 noenhanced font ",11"
set output outfile
set title "audit: whole-process time against input size (synthetic x1, x10, x100)"
set xlabel "input size (control plane + status + registry + their schemas), MB"
set ylabel "median time, ms"
set logscale xy
set grid
set key top left
set format y "%g"
plot datafile using ($2/1e6):($3*1e3) with linespoints lw 2 pt 7 title "relctl audit --no-cache (schemas validated every run)", \
     datafile using ($2/1e6):($5*1e3) with linespoints lw 2 pt 5 title "reference status_audit.py"
