import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../auth/staff-principal';
import { ApiQueryFrom, StaffDoc } from '../openapi/api-docs.decorators';
import { FirmScoringService } from './firm-scoring.service';
import { LISTS_QUERY_SCHEMA, parseListsQuery, parseRankingQuery, RANKING_QUERY_SCHEMA } from './scoring.dto';

/** 综合排名 and the white and black lists, limited to the caller's region scope. */
@Controller('v1')
@ApiTags('scoring')
@StaffAuth()
export class RankingController {
  constructor(private readonly scoring: FirmScoringService) {}

  @Get('ranking')
  @StaffDoc('综合排名: latest assessment of each firm in the caller\'s region, ranked across all firms (tier, then risk score); cursor pagination', 'any', 422)
  @ApiQueryFrom(RANKING_QUERY_SCHEMA)
  ranking(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    return this.scoring.ranking(staff, parseRankingQuery(query));
  }

  @Get('lists')
  @StaffDoc('白名单 / 黑名单: firms on each list now in the caller\'s region, with reasons', 'any', 422)
  @ApiQueryFrom(LISTS_QUERY_SCHEMA)
  lists(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    return this.scoring.lists(staff, parseListsQuery(query).list);
  }
}
