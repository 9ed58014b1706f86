#region tetra-doctor exit codes (generated from src/contract/exitCodes.ts by npm run scripts:sync; do not edit)
# tetra-doctor's exit codes. Name is what the scripts report; Attention is whether a platform that can only say
# yes or no (Intune detection, an RMM monitor) reports the code as an issue; Meaning is README.md's.
$TetraDoctorExitCodes = @(
    @{ Code = 0; Name = 'healthy'; Attention = $false; Meaning = 'definitions current; warnings possible' },
    @{ Code = 1; Name = 'unhealthy'; Attention = $true; Meaning = 'definitions stale or behind, or connector not running (for probe: a check failed)' },
    @{ Code = 2; Name = 'usage'; Attention = $true; Meaning = 'usage error: one line on stderr' },
    @{ Code = 3; Name = 'not_applicable'; Attention = $false; Meaning = 'no connector, or TETRA disabled by policy' },
    @{ Code = 4; Name = 'undetermined'; Attention = $true; Meaning = 'the state could not be read (never reported as healthy)' },
    @{ Code = 5; Name = 'busy'; Attention = $false; Meaning = 'busy: another remediation holds the lock' }
)
#endregion tetra-doctor exit codes
