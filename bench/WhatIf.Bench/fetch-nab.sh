#!/usr/bin/env bash
# Downloads the 28 real NAB series the what-if checks the default on (docs/benchmarks.md, "Real traces outside the
# repository") into FOLDER, at the commits named there, and checks each file's size. The data is AGPL-3.0 and is not
# copied into this repository. Needs network access to raw.githubusercontent.com. Then:
#   dotnet run -c Release --project bench/WhatIf.Bench -- FOLDER [--peers tuned]
set -euo pipefail
folder=${1:?usage: fetch-nab.sh FOLDER}
mkdir -p "$folder"
# path at numenta/NAB, commit, size in bytes
while read -r path commit size; do
  file="$folder/$(basename "$path")"
  curl -fsSL "https://raw.githubusercontent.com/numenta/NAB/$commit/$path" -o "$file"
  got=$(wc -c < "$file")
  if [ "$got" -ne "$size" ]; then
    echo "fetch-nab.sh: $path is $got bytes, not $size" >&2
    exit 1
  fi
done <<'LIST'
data/realTweets/Twitter_volume_AAPL.csv 95280fb5046b71ea576b07d96c8b14c1075b7ab0 368111
data/realTweets/Twitter_volume_AMZN.csv fe5b3aa048cf2dce2449f4b837788d244d76b3d6 364666
data/realTweets/Twitter_volume_CRM.csv fe5b3aa048cf2dce2449f4b837788d244d76b3d6 350820
data/realTweets/Twitter_volume_CVS.csv 95280fb5046b71ea576b07d96c8b14c1075b7ab0 348802
data/realTweets/Twitter_volume_FB.csv 95280fb5046b71ea576b07d96c8b14c1075b7ab0 359760
data/realTweets/Twitter_volume_GOOG.csv fe5b3aa048cf2dce2449f4b837788d244d76b3d6 361270
data/realTweets/Twitter_volume_IBM.csv fe5b3aa048cf2dce2449f4b837788d244d76b3d6 351268
data/realTweets/Twitter_volume_KO.csv 95280fb5046b71ea576b07d96c8b14c1075b7ab0 355283
data/realTweets/Twitter_volume_PFE.csv 95280fb5046b71ea576b07d96c8b14c1075b7ab0 348926
data/realTweets/Twitter_volume_UPS.csv 95280fb5046b71ea576b07d96c8b14c1075b7ab0 350182
data/realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv ad050ac981abfe48e7a63a8e0bb1cea8a6bbfc20 105367
data/realAWSCloudwatch/ec2_cpu_utilization_53ea38.csv 43733a53efc493e5e87bf57018a56e4c2fe7279c 116041
data/realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv ad050ac981abfe48e7a63a8e0bb1cea8a6bbfc20 119229
data/realAWSCloudwatch/ec2_cpu_utilization_77c1ca.csv ad050ac981abfe48e7a63a8e0bb1cea8a6bbfc20 106007
data/realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv ad050ac981abfe48e7a63a8e0bb1cea8a6bbfc20 113675
data/realAWSCloudwatch/ec2_cpu_utilization_ac20cd.csv 43733a53efc493e5e87bf57018a56e4c2fe7279c 116980
data/realAWSCloudwatch/ec2_cpu_utilization_c6585a.csv 43733a53efc493e5e87bf57018a56e4c2fe7279c 104962
data/realAWSCloudwatch/ec2_cpu_utilization_fe7f93.csv ad050ac981abfe48e7a63a8e0bb1cea8a6bbfc20 115788
data/realAWSCloudwatch/ec2_network_in_257a54.csv 43733a53efc493e5e87bf57018a56e4c2fe7279c 117236
data/realAWSCloudwatch/elb_request_count_8c0756.csv c915f7ff49fb9d55e006b6ff97b250d4fb18bfa7 101052
data/realAWSCloudwatch/grok_asg_anomaly.csv 010c96934f5e2977a31a2e77b9cb57e80f7645a9 131065
data/realAWSCloudwatch/rds_cpu_utilization_cc0c53.csv ad050ac981abfe48e7a63a8e0bb1cea8a6bbfc20 117806
data/realAWSCloudwatch/rds_cpu_utilization_e47b3b.csv 43733a53efc493e5e87bf57018a56e4c2fe7279c 113599
data/realAWSCloudwatch/ec2_disk_write_bytes_c0d644.csv 43733a53efc493e5e87bf57018a56e4c2fe7279c 101626
data/realAWSCloudwatch/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv ad050ac981abfe48e7a63a8e0bb1cea8a6bbfc20 37339
data/realKnownCause/cpu_utilization_asg_misconfiguration.csv ad050ac981abfe48e7a63a8e0bb1cea8a6bbfc20 539274
data/realAWSCloudwatch/ec2_network_in_5abac7.csv 43733a53efc493e5e87bf57018a56e4c2fe7279c 120827
data/realAWSCloudwatch/ec2_disk_write_bytes_1ef3de.csv 43733a53efc493e5e87bf57018a56e4c2fe7279c 116626
LIST
echo "28 NAB series in $folder"
